/**
 * RFC 9457 problem details for every acu service and intake: {@link io.acu.problem.Problem} renders one refusal as
 * JAX-RS or Vert.x; {@link io.acu.problem.ProblemMappers} maps the refusals all services share.
 */
package io.acu.problem;

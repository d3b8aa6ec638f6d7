package io.acu.rollout.rest;

import io.acu.problem.Problem;
import io.acu.rollout.domain.InvalidPlanException;
import io.acu.rollout.domain.RolloutConflictException;
import io.acu.rollout.service.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Rollout's own refusals as RFC 9457 problems; the ones every service shares (401, 403, 405, 406, 415, a missing
 * body) are {@link io.acu.problem.ProblemMappers}'.
 */
public final class RolloutProblemMappers {

    /** A plan that breaks a rule: 400 naming the field, e.g. {@code rings[1].percent}. */
    @ServerExceptionMapper
    public Response invalidPlan(InvalidPlanException e) {
        Problem problem = Problem.badRequest(e.getMessage());
        return (e.field() == null ? problem : problem.withField(e.field())).toResponse();
    }

    /** An action the rollout's state does not allow now: 409 with the reason. */
    @ServerExceptionMapper
    public Response conflict(RolloutConflictException e) {
        return Problem.of(409, e.getMessage()).toResponse();
    }

    /** An unknown package, version or rollout: 404 with the reason. */
    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.notFound(e.getMessage()).toResponse();
    }
}

/**
 * The run API: {@link io.acu.fleetsim.run.FleetRun} plays one upgrade wave of a simulated fleet against the running
 * services (full, or status-only for load runs) and returns the ground truth with the transport's counts.
 */
package io.acu.fleetsim.run;

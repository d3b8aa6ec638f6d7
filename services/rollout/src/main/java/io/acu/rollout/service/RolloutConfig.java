package io.acu.rollout.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** rollout's settings ({@code acu.rollout.*}; environment form {@code ACU_ROLLOUT_*}). */
@ConfigMapping(prefix = "acu.rollout")
public interface RolloutConfig {

    /** @return how often unfinished rollouts are stepped (gates evaluated) at the latest; state changes step them sooner */
    @WithDefault("2s")
    Duration evaluateInterval();

    /**
     * @return how often the gauges of rollouts no longer stepped (halted, paused, completed, revoked) are refreshed:
     *     their clients keep reporting, so their figures keep moving
     */
    @WithDefault("30s")
    Duration settledGaugesInterval();

    /** @return client identity at the client endpoints (policy, download grants) */
    ClientTokens clientTokens();

    /**
     * Client tokens ({@link io.acu.contracts.client.ClientTokens}, the same the state-message intake checks): a client
     * reads only its own policy and asks grants only for itself, as ConfigMgr's management point knows clients by
     * their certificates. Without them anyone who reaches rollout could record offers for made-up client IDs (holding a
     * ring's gate open) or take a DP's grants.
     */
    interface ClientTokens {
        /** @return whether policy and grant requests must carry the client's token; true unless a site runs rollout open */
        @WithDefault("true")
        boolean required();

        /** @return the site's client-token key file (at least 32 bytes), e.g. a mounted Secret; required when tokens are */
        Optional<Path> keyFile();
    }

    /** @return the download grant limits */
    Grants grants();

    /** Download grants: the server-side throttle in front of the distribution points. */
    interface Grants {
        /** @return most grants in flight per distribution point (K), unless {@link #maxInFlightPerPoint()} names the point */
        @WithDefault("50")
        int maxInFlight();

        /** @return K per distribution point by name, e.g. {@code acu.rollout.grants.max-in-flight-per-point.dp02=10} */
        Map<String, Integer> maxInFlightPerPoint();

        /** @return most new grants per boundary group in any hour; 0 = no such limit */
        @WithDefault("0")
        int perBoundaryGroupPerHour();

        /** @return how long a grant lasts without a final state (then the client counts as stalled) */
        @WithDefault("PT2H")
        Duration ttl();

        /** @return what a client refused for a full distribution point is told to wait (Retry-After) */
        @WithDefault("PT30S")
        Duration retryAfter();
    }
}

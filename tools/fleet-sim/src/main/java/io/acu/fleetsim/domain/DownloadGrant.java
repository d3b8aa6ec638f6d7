package io.acu.fleetsim.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * rollout's answer when a client asks to download a package version from its distribution point
 * ({@code POST /api/download-grants}): the server-side throttle in front of the distribution points.
 */
public sealed interface DownloadGrant {

    /**
     * The client may download until {@code expiresAt} (201 new, 200 already held); its final state message releases it.
     *
     * @param distributionPoint the DP the grant is for, e.g. {@code dp01}
     * @param expiresAt when the grant lapses without a final state (the client then counts as stalled)
     */
    record Granted(String distributionPoint, Instant expiresAt) implements DownloadGrant {
        /** @throws NullPointerException for a missing distribution point */
        public Granted {
            Objects.requireNonNull(distributionPoint, "distributionPoint");
        }
    }

    /**
     * 429: the distribution point has its cap of grants in flight (or the boundary group its hourly cap): ask again
     * after {@code retryAfter}.
     *
     * @param distributionPoint the DP asked for
     * @param retryAfter the server's Retry-After (as the transport caps it)
     * @param reason the service's detail
     */
    record Busy(String distributionPoint, Duration retryAfter, String reason) implements DownloadGrant {
        /** @throws NullPointerException for a missing wait */
        public Busy {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /**
     * 409: the client is not offered the version, or the rollout is halted, paused or revoked; the client reads its
     * policy again later.
     *
     * @param reason the service's detail
     */
    record Refused(String reason) implements DownloadGrant {
    }
}

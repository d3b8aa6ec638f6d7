package io.acu.dpcontent.common;

import io.acu.outbox.UnparentedQueriesSampler;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The trace sampler: {@link UnparentedQueriesSampler}, so the outbox relay's and the manager loop's polls do not each
 * become a trace.
 */
final class TracingSampler {

    @Produces
    @Singleton
    Sampler sampler() {
        return new UnparentedQueriesSampler();
    }
}

package io.acu.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnparentedQueriesSamplerTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private final UnparentedQueriesSampler sampler = new UnparentedQueriesSampler();
    private final Attributes query = Attributes.of(UnparentedQueriesSampler.DB_SYSTEM, "postgresql");

    @Test
    void aPollsQueryIsDroppedButARequestsQueryAndEveryOtherRootAreKept() {
        Context request = Context.root().with(Span.wrap(SpanContext.create(TRACE_ID, "00f067aa0ba902b7", TraceFlags.getSampled(),
                TraceState.getDefault())));
        Context unsampled = Context.root().with(Span.wrap(SpanContext.create(TRACE_ID, "00f067aa0ba902b7", TraceFlags.getDefault(),
                TraceState.getDefault())));

        assertThat(decide(Context.root(), SpanKind.CLIENT, query)).isEqualTo(SamplingDecision.DROP);
        assertThat(decide(request, SpanKind.CLIENT, query)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(Context.root(), SpanKind.SERVER, Attributes.empty())).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(Context.root(), SpanKind.CLIENT, Attributes.empty())).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        // Parent-based otherwise: an unsampled caller stays unsampled.
        assertThat(decide(unsampled, SpanKind.CLIENT, query)).isEqualTo(SamplingDecision.DROP);
        assertThat(decide(unsampled, SpanKind.INTERNAL, Attributes.empty())).isEqualTo(SamplingDecision.DROP);
    }

    private SamplingDecision decide(Context parent, SpanKind kind, Attributes attributes) {
        return sampler.shouldSample(parent, TRACE_ID, "SELECT", kind, attributes, List.of()).getDecision();
    }
}

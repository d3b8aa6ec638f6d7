package io.acu.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

class TraceContextTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";

    @Test
    void aCurrentSpanIsKeptAsW3cHeadersAndComesBackAsTheSameRemoteParent() {
        Span span = Span.wrap(SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.builder().put("acu", "outbox").build()));
        TraceContext stored;
        try (Scope ignored = Context.root().with(span).makeCurrent()) {
            stored = TraceContext.current();
        }

        assertThat(stored.traceparent()).isEqualTo("00-" + TRACE_ID + "-" + SPAN_ID + "-01");
        assertThat(stored.tracestate()).isEqualTo("acu=outbox");
        SpanContext parent = Span.fromContext(stored.context().orElseThrow()).getSpanContext();
        assertThat(parent.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(parent.getSpanId()).isEqualTo(SPAN_ID);
        assertThat(parent.isRemote()).isTrue();
        assertThat(parent.isSampled()).isTrue();
        assertThat(parent.getTraceState().get("acu")).isEqualTo("outbox");
        assertThat(stored.traceId()).contains(TRACE_ID);
    }

    @Test
    void noSpanMeansNoTraceAndNoStoredTraceMeansNoParent() {
        assertThat(TraceContext.current()).isEqualTo(TraceContext.NONE);
        assertThat(TraceContext.of(Context.root().with(Span.getInvalid()))).isEqualTo(TraceContext.NONE);
        assertThat(TraceContext.NONE.context()).isEmpty();
        assertThat(new TraceContext("", " ")).isEqualTo(TraceContext.NONE);
        // A row whose traceparent does not parse is sent untraced rather than failing the relay.
        assertThat(new TraceContext("00-not-a-trace-01", null).context()).isEmpty();
        assertThat(new TraceContext("00-" + TRACE_ID + "-" + SPAN_ID + "-00", null).context()).get()
                .satisfies(c -> assertThat(Span.fromContext(c).getSpanContext().isSampled()).isFalse());
    }
}

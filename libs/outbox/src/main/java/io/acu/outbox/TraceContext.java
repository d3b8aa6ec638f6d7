package io.acu.outbox;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trace context of the work that wrote a row, kept with the row so that work done later from it (the outbox
 * relay's send, a distribution attempt) joins the same trace. The two fields are the W3C Trace Context headers
 * (https://www.w3.org/TR/trace-context/): {@code traceparent}, e.g.
 * {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}, and {@code tracestate} (vendor entries, often
 * absent). Always W3C, whatever propagators the service configures: the stored form must not change with them.
 *
 * @param traceparent the {@code traceparent} value, or null when there was no valid span (tracing off, older rows)
 * @param tracestate the {@code tracestate} value, or null when empty or absent
 */
public record TraceContext(String traceparent, String tracestate) {

    /** No trace: rows written with tracing off, and rows written before trace contexts were stored. */
    public static final TraceContext NONE = new TraceContext(null, null);

    private static final TextMapGetter<TraceContext> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceContext carrier) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(TraceContext carrier, String key) {
            return carrier == null ? null : switch (key) {
                case "traceparent" -> carrier.traceparent();
                case "tracestate" -> carrier.tracestate();
                default -> null;
            };
        }
    };

    /** Blank values count as absent, so a row's empty text reads as {@link #NONE}. */
    public TraceContext {
        traceparent = traceparent == null || traceparent.isBlank() ? null : traceparent;
        tracestate = tracestate == null || tracestate.isBlank() ? null : tracestate;
    }

    /** @return the context of the span current on this thread (or Vert.x context), {@link #NONE} if there is none */
    public static TraceContext current() {
        return of(Context.current());
    }

    /** @return the context of the span in {@code context}, {@link #NONE} if it holds no valid span */
    public static TraceContext of(Context context) {
        if (context == null || !Span.fromContext(context).getSpanContext().isValid()) {
            return NONE;
        }
        Map<String, String> headers = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(context, headers, Map::put);
        return new TraceContext(headers.get("traceparent"), headers.get("tracestate"));
    }

    /**
     * @return the stored span as a remote parent (on top of the root context, so nothing current leaks in), or
     *     empty for {@link #NONE} and for a {@code traceparent} that does not parse
     */
    public Optional<Context> context() {
        if (traceparent == null) {
            return Optional.empty();
        }
        Context extracted = W3CTraceContextPropagator.getInstance().extract(Context.root(), this, GETTER);
        return Span.fromContext(extracted).getSpanContext().isValid() ? Optional.of(extracted) : Optional.empty();
    }

    /** @return the trace ID (32 lower-case hex digits), if there is a valid {@code traceparent} */
    public Optional<String> traceId() {
        return context().map(c -> Span.fromContext(c).getSpanContext().getTraceId());
    }
}

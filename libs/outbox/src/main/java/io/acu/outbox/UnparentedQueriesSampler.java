package io.acu.outbox;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * The sampler of the services whose outbox relay polls (a service produces it as its CDI {@code Sampler}, which
 * Quarkus then uses in place of {@code quarkus.otel.traces.sampler}): {@code parentbased_always_on}, except that a
 * database client span with no parent is dropped. The Vert.x SQL client traces every query, with or without a
 * parent, so the relay's poll (three queries a second) and other timers would each start a one-span trace; queries
 * made for a request or record still show in its trace.
 */
public final class UnparentedQueriesSampler implements Sampler {

    /** OpenTelemetry's database semantic conventions: set on every span of the Vert.x SQL client. */
    static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
    static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");

    private final Sampler delegate = Sampler.parentBased(Sampler.alwaysOn());

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind, Attributes attributes,
            List<LinkData> parentLinks) {
        if (spanKind == SpanKind.CLIENT && !Span.fromContext(parentContext).getSpanContext().isValid()
                && (attributes.get(DB_SYSTEM) != null || attributes.get(DB_SYSTEM_NAME) != null)) {
            return SamplingResult.drop();
        }
        return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "UnparentedQueriesSampler{" + delegate.getDescription() + "}";
    }
}

package io.acu.manifestbuilder.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The test's span exporter: Quarkus' OpenTelemetry exports to every {@code SpanExporter} bean (the default
 * {@code quarkus.otel.traces.exporter=cdi}). Idle unless a test profile turns the SDK on ({@link TracingProfile}).
 */
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}

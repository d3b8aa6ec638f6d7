package io.acu.manifestbuilder.tracing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Tracing on, as deploy/k8s runs it, but exported to {@link InMemorySpans} instead of OTLP; batches leave every
 * 100 ms so a test sees its spans soon after they end.
 */
public class TracingProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.exporter.otlp.enabled", "false",
                "quarkus.otel.bsp.schedule.delay", "100ms");
    }
}

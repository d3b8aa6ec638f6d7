package io.acu.manifestbuilder.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.acu.contracts.EventJson;
import io.acu.contracts.ManifestUpdated;
import io.acu.infra.quarkus.JwtTestResource;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.manifestbuilder.service.HotfixIntake;
import io.acu.manifestbuilder.support.Api;
import io.acu.manifestbuilder.support.Fixtures;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, traces across Kafka: a hotfix upload is one trace from the POST's server span to the outbox relay's
 * Kafka producer span, and the ManifestUpdated record carries that trace in its W3C {@code traceparent} header; the
 * intake's log lines carry the trace and the package in their MDC.
 */
@QuarkusTest
@TestProfile(TracingProfile.class)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(JwtTestResource.class)
class HotfixTraceTest {

    private static final String PACKAGE = "TRC0000A";
    private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<String> DB_STATEMENT = AttributeKey.stringKey("db.statement");

    @Inject
    InMemorySpanExporter spans;

    @TempDir
    Path dir;

    private final List<Map<String, String>> intakeLogMdc = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            // Called on the logging thread, so the MDC read here is the one the line was logged with.
            if (record instanceof ExtLogRecord ext && record.getMessage() != null) {
                intakeLogMdc.add(ext.getMdcCopy());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureIntakeLogs() {
        java.util.logging.Logger.getLogger(HotfixIntake.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        java.util.logging.Logger.getLogger(HotfixIntake.class.getName()).removeHandler(capture);
    }

    @Test
    void aHotfixUploadIsOneTraceFromThePostToTheKafkaRecord() throws Exception {
        Api.importPackage(PACKAGE);
        spans.reset();
        intakeLogMdc.clear();

        Api.hotfix(Api.metadata(PACKAGE)).multiPart("file", Api.file(Fixtures.SCEP_V5, dir, "SCEPInstall.exe").toFile())
                .post("/api/hotfixes").then().statusCode(201).body("packageVersion", equalTo(5));

        SpanData server = await(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && "/api/hotfixes".equals(s.getAttributes().get(HTTP_ROUTE))).findFirst());
        String traceId = server.getTraceId();
        assertThat(server.getAttributes().get(HotfixIntake.PACKAGE_ATTRIBUTE)).isEqualTo(PACKAGE);
        SpanData producer = await(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.PRODUCER && s.getTraceId().equals(traceId)).findFirst());
        assertThat(producer.getName()).contains("acu.manifest.updated");

        // The producer span descends from the POST's server span (through whatever spans lie between).
        Map<String, SpanData> trace = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId))
                .collect(Collectors.toMap(SpanData::getSpanId, Function.identity(), (a, b) -> a));
        assertThat(ancestors(producer, trace)).contains(server.getSpanId());

        // The record on acu.manifest.updated carries the producer span as its W3C traceparent.
        List<ConsumerRecord<String, byte[]>> records = Api.manifestUpdates(PACKAGE, 5, Duration.ofSeconds(30), Duration.ZERO);
        ConsumerRecord<String, byte[]> v5 = records.stream()
                .filter(r -> EventJson.decode(r.value(), ManifestUpdated.class).payload().packageVersion() == 5).findFirst().orElseThrow();
        Header traceparent = v5.headers().lastHeader("traceparent");
        assertThat(traceparent).isNotNull();
        assertThat(new String(traceparent.value(), StandardCharsets.UTF_8))
                .isEqualTo("00-" + traceId + "-" + producer.getSpanId() + "-01");

        // The relay's polls start no traces of their own (UnparentedQueriesSampler); the POST's queries are in its trace.
        assertThat(spans.getFinishedSpanItems()).filteredOn(s -> s.getAttributes().get(DB_STATEMENT) != null).isNotEmpty()
                .allSatisfy(s -> assertThat(s.getParentSpanContext().isValid()).as(s.getName()).isTrue());
        assertThat(trace.values()).anySatisfy(s -> assertThat(s.getAttributes().get(DB_STATEMENT)).startsWith("INSERT INTO manifest_builder.outbox_event"));

        // The intake's log lines ("API KB2907566: TRC0000A v4 -> v5 ...") carry the trace and the package.
        assertThat(intakeLogMdc).isNotEmpty().allSatisfy(mdc -> {
            assertThat(mdc).containsEntry("packageId", PACKAGE);
            assertThat(mdc).containsEntry("traceId", traceId);
        });
    }

    /** The span IDs above {@code span}, nearest first, as far as the trace's exported spans reach. */
    private static List<String> ancestors(SpanData span, Map<String, SpanData> trace) {
        List<String> chain = new java.util.ArrayList<>();
        for (SpanData at = span; at != null && at.getParentSpanContext().isValid(); at = trace.get(at.getParentSpanId())) {
            chain.add(at.getParentSpanId());
        }
        return chain;
    }

    private static SpanData await(java.util.function.Supplier<Optional<SpanData>> find) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SpanData> found = find.get();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("span not exported within 20 s");
    }
}

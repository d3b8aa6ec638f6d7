package io.acu.dpcontent.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.ContentDistributionStatusChanged;
import io.acu.contracts.DistributionState;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.ManifestUpdated;
import io.acu.contracts.Topics;
import io.acu.dpcontent.DistributionFixture;
import io.acu.dpcontent.Manifests;
import io.acu.dpcontent.manager.DistributionTest;
import io.acu.dpcontent.manager.service.DistributionManager;
import io.acu.infra.KafkaTestClient;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, traces across Kafka, dp-content's part: a ManifestUpdated whose record carries a W3C {@code traceparent}
 * (as manifest-builder's relay sends it) is consumed in that trace, each DP's distribution attempt and its HTTP
 * pushes are spans of it (dp01's content API, this service, answers with server spans of it), and every
 * ContentDistributionStatusChanged record, INSTALLED included, carries it in its own {@code traceparent}.
 */
@QuarkusTest
@TestProfile(TracingProfile.class)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = DistributionFixture.class)
class DistributionTraceTest {

    private static final String PACKAGE = "TRC00001";
    private static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");

    @Inject
    InMemorySpanExporter spans;

    DistributionFixture fixture;

    private final List<Map<String, String>> installedLogMdc = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            // On the logging thread, so this is the MDC the line was logged with.
            if (record instanceof ExtLogRecord ext && record.getMessage() != null && record.getMessage().contains("INSTALLED on")) {
                installedLogMdc.add(ext.getMdcCopy());
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
    void captureManagerLogs() {
        java.util.logging.Logger.getLogger(DistributionManager.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        java.util.logging.Logger.getLogger(DistributionManager.class.getName()).removeHandler(capture);
    }

    @Test
    void aTracedManifestUpdatedIsDistributedAndAnnouncedInItsTrace() throws Exception {
        String traceId = hex(16);
        String upstreamSpanId = hex(8);
        byte[] setup = Manifests.bytes(71, 30_000);
        EventEnvelope<ManifestUpdated> event = Manifests.publishAndDescribe(fixture, PACKAGE, 1,
                Manifests.files("setup.exe", setup), Manifests.bytes(72, 500));

        send(event, "00-" + traceId + "-" + upstreamSpanId + "-01");
        DistributionTest.awaitState(PACKAGE, 1, "dp01", DistributionState.INSTALLED);
        DistributionTest.awaitState(PACKAGE, 1, "dp02", DistributionState.INSTALLED);

        // The consumer span is the upstream span's child.
        SpanData consumer = await(() -> inTrace(traceId).stream().filter(s -> s.getKind() == SpanKind.CONSUMER).toList(), 1).get(0);
        assertThat(consumer.getParentSpanId()).isEqualTo(upstreamSpanId);
        assertThat(consumer.getName()).contains(Topics.MANIFEST_UPDATED);

        // One attempt per DP, children of the consumer span, named by package, version and DP.
        List<SpanData> attempts = await(() -> inTrace(traceId).stream().filter(s -> s.getName().equals(DistributionManager.ATTEMPT_SPAN)).toList(), 2);
        assertThat(attempts).extracting(s -> s.getAttributes().get(DistributionManager.DP_ATTRIBUTE)).containsExactlyInAnyOrder("dp01", "dp02");
        assertThat(attempts).allSatisfy(a -> {
            assertThat(a.getParentSpanId()).isEqualTo(consumer.getSpanId());
            assertThat(a.getAttributes().get(DistributionManager.PACKAGE_ATTRIBUTE)).isEqualTo(PACKAGE);
            assertThat(a.getAttributes().get(DistributionManager.VERSION_ATTRIBUTE)).isEqualTo(1L);
        });

        // Each attempt's pushes (PUT of the files and of the package) are HTTP client spans under it, and dp01 (this
        // service's content API) answered in the same trace: the traceparent went with the request.
        Map<String, SpanData> byId = inTrace(traceId).stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity(), (a, b) -> a));
        for (SpanData attempt : attempts) {
            List<SpanData> puts = byId.values().stream().filter(s -> s.getKind() == SpanKind.CLIENT && "PUT".equals(s.getAttributes().get(HTTP_METHOD))
                    && attempt.getSpanId().equals(s.getParentSpanId())).toList();
            assertThat(puts).as("pushes of %s", attempt.getAttributes().get(DistributionManager.DP_ATTRIBUTE))
                    .extracting(s -> s.getAttributes().get(URL_FULL)).anyMatch(url -> url.contains("/api/dp/library/"))
                    .anyMatch(url -> url.endsWith("/api/dp/packages/" + PACKAGE + "/1"));
        }
        SpanData dp01Attempt = attempts.stream().filter(a -> "dp01".equals(a.getAttributes().get(DistributionManager.DP_ATTRIBUTE))).findFirst().orElseThrow();
        List<SpanData> dp01Served = await(() -> inTrace(traceId).stream().filter(s -> s.getKind() == SpanKind.SERVER
                && "PUT".equals(s.getAttributes().get(HTTP_METHOD))).toList(), 2);
        assertThat(dp01Served).allSatisfy(server -> {
            SpanData client = byId.get(server.getParentSpanId());
            assertThat(client).isNotNull();
            assertThat(client.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(client.getParentSpanId()).isEqualTo(dp01Attempt.getSpanId());
        });

        // Every status event of the version, INSTALLED included, left in the trace.
        List<ConsumerRecord<String, byte[]>> records = statusRecords(2 * 2);
        assertThat(records).extracting(r -> EventJson.decode(r.value(), ContentDistributionStatusChanged.class).payload().state())
                .containsOnly(DistributionState.INSTALL_PENDING, DistributionState.INSTALLED)
                .filteredOn(state -> state == DistributionState.INSTALLED).hasSize(2);
        assertThat(records).allSatisfy(r -> {
            Header traceparent = r.headers().lastHeader("traceparent");
            assertThat(traceparent).as(r.key()).isNotNull();
            assertThat(new String(traceparent.value(), StandardCharsets.UTF_8)).startsWith("00-" + traceId + "-");
        });
        // The INSTALLED events' producer spans descend from their DP's attempt.
        List<SpanData> producers = await(() -> inTrace(traceId).stream().filter(s -> s.getKind() == SpanKind.PRODUCER).toList(), 4);
        assertThat(producers).filteredOn(p -> attempts.stream().anyMatch(a -> a.getSpanId().equals(p.getParentSpanId()))).hasSize(2);

        // A client's download from dp01 starts no trace (quarkus.otel.traces.suppress-application-uris).
        assertThat(DistributionTest.download(DistributionTest.baseUrl() + "/SMS_DP_SMSPKG$/" + PACKAGE + "/setup.exe")).isEqualTo(setup);
        Thread.sleep(500); // two export batches
        assertThat(spans.getFinishedSpanItems()).filteredOn(s -> s.getKind() == SpanKind.SERVER)
                .extracting(s -> String.valueOf(s.getAttributes().get(URL_PATH))).isNotEmpty().noneMatch(path -> path.startsWith("/SMS_DP_SMSPKG"));

        // The manager's "INSTALLED on" log lines carry the trace, the package and the DP.
        assertThat(installedLogMdc).hasSize(2).allSatisfy(mdc -> {
            assertThat(mdc).containsEntry("traceId", traceId).containsEntry("packageId", PACKAGE);
            assertThat(mdc.get("distributionPoint")).isIn("dp01", "dp02");
        });
    }

    private List<SpanData> inTrace(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    private static <T> List<T> await(java.util.function.Supplier<List<T>> find, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<T> found = List.of();
        while (System.nanoTime() < deadline) {
            found = find.get();
            if (found.size() >= atLeast) {
                return found;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("expected at least " + atLeast + " spans within 30 s, found " + found);
    }

    /** The status records of the package's version 1, once {@code count} are there. */
    private static List<ConsumerRecord<String, byte[]>> statusRecords(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers())) {
            while (found.size() < count && System.nanoTime() < deadline) {
                found = kafka.readFromStart(Topics.CONTENT_DISTRIBUTION, Integer.MAX_VALUE, Duration.ofSeconds(2)).stream()
                        .filter(r -> r.key().startsWith(PACKAGE + "/")).toList();
            }
        }
        return found;
    }

    /** Publishes the event as manifest-builder's relay does when traced: with a W3C traceparent header. */
    private static void send(EventEnvelope<ManifestUpdated> event, String traceparent) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MANIFEST_UPDATED, event.key(), EventJson.encodeBytes(event));
            record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}

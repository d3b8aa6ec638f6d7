package io.acu.manifestbuilder.support;

import io.acu.infra.quarkus.TestTokens;

import static io.restassured.RestAssured.given;

import io.acu.contracts.EventJson;
import io.acu.contracts.ManifestUpdated;
import io.acu.contracts.Topics;
import io.acu.infra.KafkaTestClient;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;

/** Calls of manifest-builder's API and reads of its topic shared by the @QuarkusTest classes. */
public final class Api {

    private Api() {
    }

    /** The sample CAS00006 v4 manifest re-labelled as {@code packageId}, so test classes do not share packages. */
    public static byte[] manifestFor(String packageId) {
        return new String(Fixtures.ccmsetupBefore(), StandardCharsets.UTF_8).replace("CAS00006", packageId).getBytes(StandardCharsets.UTF_8);
    }

    /** Imports the sample manifest as {@code packageId} v4; expects 201. */
    public static void importPackage(String packageId) {
        given().auth().oauth2(TestTokens.admin()).contentType("application/xml").body(manifestFor(packageId))
                .post("/api/packages").then().statusCode(201);
    }

    /** An admin multipart request with this metadata JSON. */
    public static RequestSpecification hotfix(String metadataJson) {
        return given().auth().oauth2(TestTokens.admin()).multiPart("metadata", metadataJson, "application/json");
    }

    /** Minimal metadata JSON for a hotfix to {@code packageId}. */
    public static String metadata(String packageId) {
        return "{\"kbNumber\":\"KB2907566\",\"title\":\"Endpoint Protection client update 4.3.215.0\",\"packageId\":\"" + packageId + "\"}";
    }

    /** A fixture as a file named {@code name} in {@code dir}. */
    public static Path file(String resource, Path dir, String name) {
        return Fixtures.copy(resource, dir, name);
    }

    /** Bytes as a file named {@code name} in {@code dir}. */
    public static Path file(byte[] bytes, Path dir, String name) throws java.io.IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** The broker's address from the test configuration. */
    public static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /**
     * Every ManifestUpdated record keyed {@code packageId} on the topic, once one for {@code version} is there (or
     * after {@code timeout}), read again after {@code settle} so that late duplicates would be counted too.
     */
    public static List<ConsumerRecord<String, byte[]>> manifestUpdates(String packageId, int version, Duration timeout, Duration settle) {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (recordsFor(kafka, packageId, Duration.ofSeconds(2)).stream()
                        .anyMatch(r -> EventJson.decode(r.value(), ManifestUpdated.class).payload().packageVersion() == version)) {
                    break;
                }
            }
            try {
                Thread.sleep(settle.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return recordsFor(kafka, packageId, Duration.ofSeconds(2));
        }
    }

    /**
     * The records keyed {@code key} on the dead-letter topic {@code dlqTopic}, once {@code count} are there (or
     * after {@code timeout}); records of other keys (other test classes share the broker) are left out.
     */
    public static List<ConsumerRecord<String, byte[]>> deadLetters(String dlqTopic, String key, int count, Duration timeout) {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<ConsumerRecord<String, byte[]>> dead = List.of();
            while (dead.size() < count && System.nanoTime() < deadline) {
                dead = kafka.readFromStart(dlqTopic, Integer.MAX_VALUE, Duration.ofSeconds(2)).stream()
                        .filter(r -> key.equals(r.key())).toList();
            }
            return dead;
        }
    }

    /** The ManifestUpdated records keyed {@code packageId} currently on the topic. */
    public static List<ConsumerRecord<String, byte[]>> recordsFor(KafkaTestClient kafka, String packageId, Duration wait) {
        return kafka.readFromStart(Topics.MANIFEST_UPDATED, Integer.MAX_VALUE, wait).stream()
                .filter(r -> packageId.equals(r.key())).toList();
    }
}

package io.acu.infra.quarkus;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.acu.infra.KafkaTestClient;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The checks every acu service's {@code @QuarkusTest} inherits: it booted against the real broker
 * and database, answers health, metrics and OpenAPI, can send and read a record through the
 * broker it was given, and (for services with a schema) its Flyway migrations ran.
 *
 * <p>Subclasses are {@code @QuarkusTest} classes registering {@link KafkaTestResource} and, where
 * they own a schema, {@link PostgresTestResource}; they name their schema via {@link #schema()}.
 */
public abstract class ServiceInfrastructureChecks {

    /** @return the service's PostgreSQL schema, or empty for a service without a database (fsp) */
    protected abstract Optional<String> schema();

    /** @return the Flyway versions the service must have applied, in order, e.g. {@code ["1"]} */
    protected abstract List<String> expectedMigrations();

    @Test
    void answersReadinessLivenessMetricsAndOpenApi() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        var ready = given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        if (schema().isPresent()) {
            ready.body("checks.name", hasItem("Reactive PostgreSQL connections health check"));
        }
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
    }

    @Test
    void sendsAndReadsARecordThroughTheConfiguredBroker() {
        String bootstrap = config().getValue("kafka.bootstrap.servers", String.class);
        String topic = "acu.check." + UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.send(topic, "CAS00006", "package version 5".getBytes(StandardCharsets.UTF_8));
            List<ConsumerRecord<String, byte[]>> records = kafka.readFromStart(topic, 1, Duration.ofSeconds(30));
            assertEquals(1, records.size(), "records read back from " + topic + " on " + bootstrap);
            assertEquals("CAS00006", records.get(0).key());
            assertEquals("package version 5", new String(records.get(0).value(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void appliedItsMigrationsInItsOwnSchema() throws Exception {
        Assumptions.assumeTrue(schema().isPresent(), "this service keeps no database");
        Config config = config();
        String sql = "SELECT version FROM " + schema().get() + ".flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank";
        try (Connection connection = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), config.getValue("quarkus.datasource.password", String.class));
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            List<String> applied = new java.util.ArrayList<>();
            while (rows.next()) {
                applied.add(rows.getString(1));
            }
            assertEquals(expectedMigrations(), applied, "Flyway versions applied in schema " + schema().get());
        }
    }

    private static Config config() {
        return ConfigProvider.getConfig();
    }
}

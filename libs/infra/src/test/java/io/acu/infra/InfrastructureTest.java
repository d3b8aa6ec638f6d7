package io.acu.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Starts the real broker and database once and checks each does its job, survives a restart and stops clean. */
class InfrastructureTest {

    private static KafkaBroker kafka;
    private static EmbeddedPostgresServer postgres;

    @BeforeAll
    static void start() {
        kafka = KafkaBroker.start();
        postgres = EmbeddedPostgresServer.start(EmbeddedPostgresServer.Durability.TEST);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void kafkaRecordRoundTripsAndSurvivesABrokerRestart() throws Exception {
        try (KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
            client.send("acu.infra.check", "CAS00006", "v5".getBytes(StandardCharsets.UTF_8));
        }
        kafka.restart();
        try (KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
            client.send("acu.infra.check", "CAS00006", "v6".getBytes(StandardCharsets.UTF_8));
            List<String> values = client.readFromStart("acu.infra.check", 2, Duration.ofSeconds(30)).stream()
                    .map(record -> new String(record.value(), StandardCharsets.UTF_8))
                    .toList();
            assertThat(values).containsExactly("v5", "v6");
        }
        assertThat(Files.readString(kafka.logFile(), StandardCharsets.UTF_8)).contains("Kafka Server started");
    }

    @Test
    void brokerProcessIsGuardedAgainstOrphaningByThisJvm() {
        ProcessHandle brokerJvm = ProcessHandle.current().children()
                .filter(child -> child.info().arguments().map(args -> String.join(" ", args)).orElse("").contains("kafka.Kafka"))
                .findFirst().orElseThrow();
        String commandLine = String.join(" ", brokerJvm.info().arguments().orElseThrow());
        assertThat(commandLine).contains(OrphanGuard.class.getName() + " " + ProcessHandle.current().pid() + " kafka.Kafka");
    }

    @Test
    void postgresKeepsCommittedRowsAcrossARestart() throws Exception {
        execute("CREATE TABLE infra_check (package_id text PRIMARY KEY, version int)");
        execute("INSERT INTO infra_check VALUES ('CAS00006', 5)");
        postgres.restart();

        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, current_database(), current_setting('server_version_num')::int FROM infra_check")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(5);
            assertThat(rows.getString(2)).isEqualTo("acu");
            assertThat(rows.getInt(3)).isGreaterThanOrEqualTo(140000);
        }
        assertThat(postgres.reactiveUrl()).isEqualTo(postgres.jdbcUrl().substring(5)).startsWith("postgresql://127.0.0.1:");
    }

    @Test
    void quarkusEnvironmentNamesFollowMicroProfileRules() {
        assertThat(QuarkusConfig.toEnvironmentName("quarkus.datasource.jdbc.url")).isEqualTo("QUARKUS_DATASOURCE_JDBC_URL");
        assertThat(QuarkusConfig.toEnvironmentName("kafka.bootstrap.servers")).isEqualTo("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(QuarkusConfig.postgres(postgres)).containsEntry("quarkus.datasource.username", "postgres")
                .containsKeys("quarkus.datasource.jdbc.url", "quarkus.datasource.reactive.url");
    }

    @Test
    void aBrokerLibraryFolderWithoutJarsIsAClearError() {
        String saved = System.getProperty(KafkaBroker.LIBS_PROPERTY);
        System.setProperty(KafkaBroker.LIBS_PROPERTY, postgres.logFile().getParent().toString());
        try {
            assertThatThrownBy(KafkaBroker::start)
                    .isInstanceOf(InfraStartException.class)
                    .hasMessageContaining(postgres.logFile().getParent().toString())
                    .hasMessageContaining("mvn -pl infra/kafka-broker package");
        } finally {
            if (saved == null) {
                System.clearProperty(KafkaBroker.LIBS_PROPERTY);
            } else {
                System.setProperty(KafkaBroker.LIBS_PROPERTY, saved);
            }
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

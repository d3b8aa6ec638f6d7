package io.acu.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Kafka and PostgreSQL for one run, started side by side (or taken from the environment), and the
 * configuration that points a Quarkus service at them. Used by the launcher ({@code ./acu}) and by
 * cross-service tests; single-service tests use the test resources in {@code io.acu.infra.quarkus}.
 */
public final class Infrastructure implements AutoCloseable {

    private final KafkaCluster kafka;
    private final PostgresDatabase postgres;

    private Infrastructure(KafkaCluster kafka, PostgresDatabase postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /**
     * Starts (or finds) both components in parallel. If one fails the other is stopped again.
     *
     * @throws InfraStartException naming what failed, its port and its log
     */
    public static Infrastructure start() {
        CompletableFuture<KafkaCluster> kafka = CompletableFuture.supplyAsync(KafkaCluster::fromEnvironmentOrStart);
        CompletableFuture<PostgresDatabase> postgres = CompletableFuture.supplyAsync(PostgresDatabase::fromEnvironmentOrStart);
        try {
            return new Infrastructure(kafka.join(), postgres.join());
        } catch (CompletionException e) {
            // Whichever part did start is stopped and its folder removed before the error surfaces.
            CompletableFuture.allOf(kafka.thenAccept(KafkaCluster::close), postgres.thenAccept(PostgresDatabase::close))
                    .exceptionally(ignored -> null).join();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** @return the Kafka cluster of this run */
    public KafkaCluster kafka() {
        return kafka;
    }

    /** @return the PostgreSQL database of this run */
    public PostgresDatabase postgres() {
        return postgres;
    }

    /**
     * Quarkus configuration properties pointing a service at this run's Kafka and PostgreSQL.
     *
     * @return property name → value (insertion-ordered)
     */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.putAll(QuarkusConfig.kafka(kafka));
        config.putAll(QuarkusConfig.postgres(postgres));
        return config;
    }

    /**
     * The same configuration as environment variables for a service started as a child process
     * (Quarkus maps {@code quarkus.datasource.jdbc.url} to {@code QUARKUS_DATASOURCE_JDBC_URL}).
     *
     * @return variable name → value
     */
    public Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        quarkusConfig().forEach((key, value) -> env.put(QuarkusConfig.toEnvironmentName(key), value));
        return env;
    }

    /** Stops what this run started, Kafka and PostgreSQL in parallel. */
    @Override
    public void close() {
        CompletableFuture<Void> stopKafka = CompletableFuture.runAsync(kafka::close);
        postgres.close();
        stopKafka.join();
    }
}

package io.acu.infra;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The Quarkus configuration properties that point a service at a Kafka cluster and a database. */
public final class QuarkusConfig {

    private QuarkusConfig() {
    }

    /** @return {@code kafka.bootstrap.servers} for the SmallRye Kafka connector and Kafka clients */
    public static Map<String, String> kafka(KafkaCluster kafka) {
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    /** @return the JDBC URL (Flyway), the reactive URL (Hibernate Reactive) and the credentials */
    public static Map<String, String> postgres(PostgresDatabase postgres) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl());
        config.put("quarkus.datasource.username", postgres.username());
        config.put("quarkus.datasource.password", postgres.password());
        return config;
    }

    /**
     * The environment variable Quarkus reads for a property (MicroProfile Config's rule: every
     * character that is not a letter or digit becomes {@code _}, then upper case).
     *
     * @param property e.g. {@code quarkus.datasource.jdbc.url}
     * @return e.g. {@code QUARKUS_DATASOURCE_JDBC_URL}
     */
    public static String toEnvironmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}

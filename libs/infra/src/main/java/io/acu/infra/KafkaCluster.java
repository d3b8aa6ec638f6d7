package io.acu.infra;

/**
 * A Kafka cluster the services and tests talk to: either a broker this run started
 * ({@link KafkaBroker}) or an existing one named by {@code KAFKA_BOOTSTRAP_SERVERS}.
 */
public interface KafkaCluster extends AutoCloseable {

    /** Environment variable naming an existing cluster; when set no broker is started. */
    String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";

    /** @return comma-separated {@code host:port} list for {@code bootstrap.servers} */
    String bootstrapServers();

    /** Stops what this run started; an external cluster is left alone. */
    @Override
    void close();

    /**
     * The cluster for this run: the one in {@code KAFKA_BOOTSTRAP_SERVERS} if set, else a new
     * single-node KRaft broker started now.
     *
     * @throws InfraStartException when a local broker cannot start (message names port and log)
     */
    static KafkaCluster fromEnvironmentOrStart() {
        String external = System.getenv(BOOTSTRAP_ENV);
        if (external != null && !external.isBlank()) {
            return new External(external.trim());
        }
        return KafkaBroker.start();
    }

    /** An existing cluster: nothing to start or stop. */
    record External(String bootstrapServers) implements KafkaCluster {
        @Override
        public void close() {
        }
    }
}

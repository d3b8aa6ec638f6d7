package io.acu.infra;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

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
            return External.reachable(external.trim());
        }
        return KafkaBroker.start();
    }

    /** An existing cluster: nothing to start or stop. */
    record External(String bootstrapServers) implements KafkaCluster {

        /**
         * The cluster at {@code bootstrapServers}, after checking that it answers (a typo in
         * {@code KAFKA_BOOTSTRAP_SERVERS} must fail here, not as a silently idle service).
         *
         * @throws InfraStartException when no broker answers within 15 s
         */
        static External reachable(String bootstrapServers) {
            Map<String, Object> config = Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
            try (Admin admin = Admin.create(config)) {
                admin.describeCluster().nodes().get(15, TimeUnit.SECONDS);
                return new External(bootstrapServers);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                throw new InfraStartException("no Kafka broker answers at " + BOOTSTRAP_ENV + "=" + bootstrapServers + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfraStartException("interrupted while checking Kafka at " + bootstrapServers, e);
            }
        }

        @Override
        public void close() {
        }
    }
}

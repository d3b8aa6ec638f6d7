package io.acu.infra.quarkus;

import io.acu.infra.KafkaBroker;
import io.acu.infra.KafkaCluster;
import io.acu.infra.QuarkusConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: a real Kafka broker (or {@code KAFKA_BOOTSTRAP_SERVERS}) for the tests of
 * one service. Register with {@code @WithTestResource(value = KafkaTestResource.class, parallel = true)}.
 * Fields of type {@link KafkaBroker} annotated {@link InjectKafkaBroker} receive the broker, for
 * fault tests that stop and restart it.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private KafkaCluster kafka;

    @Override
    public Map<String, String> start() {
        kafka = KafkaCluster.fromEnvironmentOrStart();
        return QuarkusConfig.kafka(kafka);
    }

    @Override
    public void inject(TestInjector testInjector) {
        if (kafka instanceof KafkaBroker broker) {
            testInjector.injectIntoFields(broker, new TestInjector.AnnotatedAndMatchesType(InjectKafkaBroker.class, KafkaBroker.class));
        }
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }
}

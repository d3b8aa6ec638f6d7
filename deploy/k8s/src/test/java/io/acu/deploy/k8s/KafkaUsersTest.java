package io.acu.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.Topics;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each service talks to Kafka as its own KafkaUser (SCRAM-SHA-512 over TLS) whose ACLs are exactly what its own
 * configuration needs: Read on the topics it consumes and on its consumer group, Write on the topics it produces (its
 * outbox or intake topic and the dead-letter topic of each of its subscriptions). A topic added to a service's
 * configuration without its ACL, or an ACL no service needs, fails here.
 */
class KafkaUsersTest {

    /** Topics written by a producer of the service's own (the intakes), not by a configured channel. */
    private static final Map<String, Set<String>> INTAKE_TOPICS = Map.of("fsp", Set.of(Topics.FSP_MESSAGES), "state-ingest",
            Set.of(Topics.CLIENT_STATE_MESSAGES));

    @Test
    void every_service_has_a_kafka_user_granted_exactly_what_its_configuration_reads_and_writes() {
        Manifests base = Manifests.assemble(Project.DEPLOY.resolve("base"));
        Map<String, KafkaUser> users = base.all(KafkaUser.class).stream().collect(Collectors.toMap(u -> u.getMetadata().getName(), u -> u));
        Set<String> kafkaServices = new TreeSet<>();
        for (ServiceConfig service : ServiceConfig.all()) {
            if (!service.usesKafka()) {
                continue;
            }
            kafkaServices.add("acu-" + service.name());
            KafkaUser user = users.get("acu-" + service.name());
            assertThat(user).as("KafkaUser acu-" + service.name()).isNotNull();
            assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "acu-kafka");
            assertThat(user.getSpec().getAuthentication()).isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);

            Map<String, Set<String>> expected = new TreeMap<>();
            for (ServiceConfig.IncomingTopic in : service.incomingTopics()) {
                grant(expected, "topic:" + in.topic(), "Read", "Describe");
                grant(expected, "group:" + in.groupId(), "Read");
            }
            written(service).forEach(topic -> grant(expected, "topic:" + topic, "Write", "Describe"));

            assertThat(granted(user)).as("ACLs of acu-" + service.name()).isEqualTo(expected);
        }
        assertThat(users.keySet()).as("a KafkaUser per service that uses Kafka, and no other").isEqualTo(kafkaServices);
    }

    @Test
    void every_service_authenticates_as_its_own_user_over_tls() {
        Manifests base = Manifests.assemble(Project.DEPLOY.resolve("base"));
        for (ServiceConfig service : ServiceConfig.all()) {
            if (!service.usesKafka()) {
                continue;
            }
            Map<String, EnvVar> env = Workload.named(base, service.name()).containers().get(0).getEnv().stream()
                    .collect(Collectors.toMap(EnvVar::getName, e -> e));
            assertThat(env.get("KAFKA_SECURITY_PROTOCOL").getValue()).as(service.name()).isEqualTo("SASL_SSL");
            assertThat(env.get("KAFKA_SASL_MECHANISM").getValue()).as(service.name()).isEqualTo("SCRAM-SHA-512");
            assertThat(env.get("KAFKA_SASL_JAAS_CONFIG").getValueFrom().getSecretKeyRef().getName()).as(service.name())
                    .isEqualTo("acu-" + service.name());
            assertThat(env.get("KAFKA_SSL_TRUSTSTORE_LOCATION").getValue()).as(service.name()).isEqualTo("/var/run/secrets/acu/kafka-ca/ca.crt");
        }
    }

    @Test
    void no_producer_may_send_a_record_larger_than_the_topics_it_writes_accept() {
        // Kafka's defaults: a producer request up to 1 MiB, a topic's record batch up to 1 MiB + 12 bytes. An event that
        // passes the first and fails the second would be refused for good after the producer accepted it; the outbox
        // parks such an event, but the limits themselves must agree.
        Map<String, Long> maxMessageBytes = Manifests.assemble(Project.DEPLOY.resolve("base")).all(io.strimzi.api.kafka.model.topic.KafkaTopic.class)
                .stream().collect(Collectors.toMap(t -> t.getSpec().getTopicName(),
                        t -> Long.parseLong(String.valueOf(t.getSpec().getConfig().getOrDefault("max.message.bytes", DEFAULT_MAX_MESSAGE_BYTES)))));
        for (ServiceConfig service : ServiceConfig.all()) {
            long maxRequestSize = service.properties().entrySet().stream().filter(e -> e.getKey().endsWith("max.request.size"))
                    .mapToLong(e -> Long.parseLong(e.getValue().trim())).max().orElse(DEFAULT_MAX_REQUEST_SIZE);
            for (String topic : written(service)) {
                assertThat(maxMessageBytes).as("KafkaTopic for " + topic).containsKey(topic);
                assertThat(maxRequestSize).as(service.name() + "'s max.request.size against " + topic + "'s max.message.bytes")
                        .isLessThanOrEqualTo(maxMessageBytes.get(topic));
            }
        }
    }

    /** Kafka's producer default {@code max.request.size}. */
    private static final long DEFAULT_MAX_REQUEST_SIZE = 1_048_576;
    /** Kafka's broker default {@code message.max.bytes}, a topic's {@code max.message.bytes} unless set. */
    private static final long DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

    /** The topics a service writes: its outgoing channels, its own dead-letter topics and its intake's topic. */
    private static Set<String> written(ServiceConfig service) {
        Set<String> written = new TreeSet<>(service.kafkaTopics());
        service.incomingTopics().forEach(in -> written.remove(in.topic()));
        Topics.SUBSCRIPTIONS.stream().filter(s -> s.consumer().equals(service.name())).forEach(s -> written.add(s.deadLetterTopic()));
        written.addAll(INTAKE_TOPICS.getOrDefault(service.name(), Set.of()));
        return written;
    }

    private static void grant(Map<String, Set<String>> acls, String resource, String... operations) {
        acls.computeIfAbsent(resource, r -> new TreeSet<>()).addAll(Set.of(operations));
    }

    private static Map<String, Set<String>> granted(KafkaUser user) {
        Map<String, Set<String>> acls = new TreeMap<>();
        for (AclRule rule : ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls()) {
            String resource = rule.getResource() instanceof AclRuleTopicResource t ? "topic:" + t.getName()
                    : rule.getResource() instanceof AclRuleGroupResource g ? "group:" + g.getName() : "other:" + rule.getResource();
            for (AclOperation operation : rule.getOperations()) {
                grant(acls, resource, operation.toValue());
            }
        }
        return acls;
    }
}

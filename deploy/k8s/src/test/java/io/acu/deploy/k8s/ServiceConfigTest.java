package io.acu.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** How topics, ports and images are derived from a service's application.properties (SmallRye and Quarkus rules). */
class ServiceConfigTest {

    private static ServiceConfig config(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return ServiceConfig.of("svc", p);
    }

    @Test
    void topics_follow_smallrye_defaults_profiles_and_expressions() {
        ServiceConfig c = config(
                "acu.topic", "acu.fsp.messages",
                "mp.messaging.incoming.fsp.connector", "smallrye-kafka",
                "mp.messaging.incoming.fsp.topic", "${acu.topic}",
                "mp.messaging.incoming.fsp.failure-strategy", "dead-letter-queue",
                "mp.messaging.incoming.fsp.dead-letter-queue.topic", "${acu.topic}.svc.dlq",
                // no topic: the channel name; no dead-letter topic: SmallRye's dead-letter-topic-<topic>
                "mp.messaging.outgoing.acu-hotfix.connector", "smallrye-kafka",
                "mp.messaging.incoming.\"acu.content.distribution\".connector", "smallrye-kafka",
                "mp.messaging.incoming.\"acu.content.distribution\".failure-strategy", "dead-letter-queue",
                "mp.messaging.incoming.many.topics", "a.one, a.two",
                "mp.messaging.incoming.regex.topic", "acu\\..*",
                "mp.messaging.incoming.regex.pattern", "true",
                "mp.messaging.incoming.memory.connector", "smallrye-in-memory",
                "%test.mp.messaging.incoming.fsp.topic", "test-only",
                "%prod.mp.messaging.outgoing.acu-hotfix.topic", Topics.HOTFIX_ARRIVED);

        assertThat(c.kafkaTopics()).containsExactlyInAnyOrder(
                Topics.FSP_MESSAGES, "acu.fsp.messages.svc.dlq", Topics.HOTFIX_ARRIVED,
                Topics.CONTENT_DISTRIBUTION, "dead-letter-topic-acu.content.distribution", "a.one", "a.two");
        assertThat(c.usesKafka()).isTrue();
        assertThat(c.usesDatabase()).isFalse();
    }

    @Test
    void port_and_image_default_as_quarkus_does_unless_configured() {
        assertThat(config().httpPort()).isEqualTo(8080);
        assertThat(config("quarkus.http.port", "8084", "%dev.quarkus.http.port", "9999").httpPort()).isEqualTo(8084);
        assertThat(config("quarkus.application.name", "fsp").image()).isEqualTo("acu/fsp:" + Project.VERSION);
        assertThat(config("quarkus.application.name", "fsp", "quarkus.container-image.group", "corp",
                "quarkus.container-image.tag", "1.2.3").image()).isEqualTo("corp/fsp:1.2.3");
    }

    @Test
    void the_real_services_configure_what_the_manifests_are_checked_against() {
        assertThat(ServiceConfig.named("state-ingest").kafkaTopics())
                .contains(Topics.MANIFEST_UPDATED, "acu.manifest.updated.state-ingest.dlq");
        assertThat(ServiceConfig.named("fsp").usesDatabase()).isFalse();
        assertThat(ServiceConfig.named("dp-content").usesDatabase()).isTrue();
        assertThat(ServiceConfig.named("fsp").httpPort()).isEqualTo(8084);
        // rollout (issue 13): port 8085, a schema of its own, consumer group rollout on the four topics it counts.
        ServiceConfig rollout = ServiceConfig.named("rollout");
        assertThat(rollout.httpPort()).isEqualTo(8085);
        assertThat(rollout.image()).isEqualTo("acu/rollout:" + Project.VERSION);
        assertThat(rollout.usesDatabase()).isTrue();
        assertThat(rollout.kafkaTopics()).contains(Topics.MANIFEST_UPDATED, Topics.CONTENT_DISTRIBUTION,
                Topics.FSP_MESSAGES, Topics.CLIENT_STATE_MESSAGES, Topics.ROLLOUT_CHANGED);
    }

    @Test
    void incoming_topics_carry_group_strategy_and_dead_letter_topic() {
        ServiceConfig c = config(
                "quarkus.application.name", "svc",
                "mp.messaging.incoming.in.topic", "acu.fsp.messages",
                "mp.messaging.incoming.in.group.id", "grp",
                "mp.messaging.incoming.in.failure-strategy", "dead-letter-queue",
                "mp.messaging.incoming.in.dead-letter-queue.topic", "acu.fsp.messages.grp.dlq",
                "mp.messaging.incoming.batch.topic", "acu.client.state-messages",
                "mp.messaging.outgoing.out.topic", "acu.hotfix.arrived");

        assertThat(c.incomingTopics()).containsExactly(
                new ServiceConfig.IncomingTopic("batch", "acu.client.state-messages", "svc", "fail", null),
                new ServiceConfig.IncomingTopic("in", "acu.fsp.messages", "grp", "dead-letter-queue", "acu.fsp.messages.grp.dlq"));
    }

    /**
     * Every topic a service reads is one of {@link Topics#SUBSCRIPTIONS} under the service's own name as consumer
     * group, and every subscription is read by a service. A consumer SmallRye dead-letters for names its own
     * {@code <topic>.<consumer>.dlq}; one that dead-letters by hand ({@code failure-strategy=fail}: the batch
     * consumers of state messages) has an outgoing {@code dead-letters} channel on one of its own dead-letter topics
     * (each record then names its topic).
     */
    @Test
    void each_consumer_is_a_listed_subscription_and_dead_letters_to_its_own_topic() {
        List<Topics.Subscription> found = new ArrayList<>();
        for (ServiceConfig service : ServiceConfig.all()) {
            List<String> ownDeadLetterTopics = Topics.SUBSCRIPTIONS.stream()
                    .filter(s -> s.consumer().equals(service.name())).map(Topics.Subscription::deadLetterTopic).toList();
            for (ServiceConfig.IncomingTopic in : service.incomingTopics()) {
                Topics.Subscription subscription = new Topics.Subscription(in.topic(), in.groupId());
                String what = service.name() + " channel " + in.channel();
                assertThat(in.groupId()).as(what + ": consumer group").isEqualTo(service.name());
                assertThat(Topics.SUBSCRIPTIONS).as(what).contains(subscription);
                if (in.failureStrategy().equals("dead-letter-queue")) {
                    assertThat(in.deadLetterTopic()).as(what).isEqualTo(subscription.deadLetterTopic());
                } else {
                    assertThat(in.failureStrategy()).as(what).isEqualTo("fail");
                    assertThat(service.get("mp.messaging.outgoing.dead-letters.topic")).as(what + ": dead-letters channel")
                            .isIn(ownDeadLetterTopics);
                }
                found.add(subscription);
            }
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(Topics.SUBSCRIPTIONS);
    }

    @Test
    void consumers_of_one_topic_dead_letter_to_different_topics() {
        assertThat(ServiceConfig.named("dp-content").get("mp.messaging.incoming.manifest-updated.dead-letter-queue.topic"))
                .isEqualTo("acu.manifest.updated.dp-content.dlq");
        assertThat(ServiceConfig.named("state-ingest").get("mp.messaging.incoming.manifest-updated.dead-letter-queue.topic"))
                .isEqualTo("acu.manifest.updated.state-ingest.dlq");
        assertThat(ServiceConfig.named("rollout").get("mp.messaging.incoming.manifest-updated.dead-letter-queue.topic"))
                .isEqualTo("acu.manifest.updated.rollout.dlq");
        assertThat(ServiceConfig.named("manifest-builder").get("mp.messaging.incoming.hotfix-arrived.dead-letter-queue.topic"))
                .isEqualTo("acu.hotfix.arrived.manifest-builder.dlq");
        assertThat(ServiceConfig.named("state-ingest").get("mp.messaging.outgoing.dead-letters.topic"))
                .isEqualTo("acu.fsp.messages.state-ingest.dlq");
        assertThat(ServiceConfig.named("rollout").get("mp.messaging.outgoing.dead-letters.topic"))
                .isEqualTo("acu.fsp.messages.rollout.dlq");
    }
}

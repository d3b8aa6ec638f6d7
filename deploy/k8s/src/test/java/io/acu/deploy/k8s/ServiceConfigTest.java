package io.acu.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
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
                "mp.messaging.incoming.fsp.dead-letter-queue.topic", "${acu.topic}.dlq",
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
                Topics.FSP_MESSAGES, Topics.FSP_MESSAGES_DLQ, Topics.HOTFIX_ARRIVED,
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
                .contains(Topics.MANIFEST_UPDATED, Topics.MANIFEST_UPDATED_DLQ);
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
    void a_stand_in_configuration_only_names_a_service_folder_and_never_hides_its_own_file() throws Exception {
        try (Stream<Path> standIns = Files.list(ServiceConfig.PENDING)) {
            for (Path standIn : standIns.toList()) {
                String name = standIn.getFileName().toString().replaceFirst("\\.properties$", "");
                Path folder = Project.ROOT.resolve("services").resolve(name);
                assertThat(folder).as(standIn + " stands in for a service folder").isDirectory();
                boolean ownFile = Files.isRegularFile(folder.resolve("src/main/resources/application.properties"));
                assertThat(ServiceConfig.pending(name)).as(name + " read from its stand-in only without its own file")
                        .isEqualTo(!ownFile);
            }
        }
        assertThat(ServiceConfig.pending("fsp")).isFalse();
    }
}

package io.acu.dpcontent.manager.messaging;

import static io.acu.dpcontent.manager.DistributionTest.awaitState;
import static io.acu.dpcontent.manager.DistributionTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.DistributionState;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.ManifestUpdated;
import io.acu.contracts.Topics;
import io.acu.dpcontent.DistributionFixture;
import io.acu.dpcontent.Manifests;
import io.acu.infra.EmbeddedPostgresServer;
import io.acu.infra.KafkaTestClient;
import io.acu.infra.quarkus.InjectPostgres;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A ManifestUpdated that arrives while PostgreSQL is down is recorded once it is back, and distributed, never
 * dead-lettered (before, the consumer nacked it to its dead-letter topic, now
 * {@code acu.manifest.updated.dp-content.dlq}, on the first failure). The distribution manager's leader loses its lock
 * with the database and takes it again.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = DistributionFixture.class)
class ManifestUpdatedOutageTest {

    DistributionFixture fixture;

    @InjectPostgres
    EmbeddedPostgresServer postgres;

    @Test
    void aManifestUpdatedDuringADatabaseOutageIsRecordedOnceTheDatabaseIsBack() throws Exception {
        EventEnvelope<ManifestUpdated> event = Manifests.publishAndDescribe(fixture, "CAS00071", 1,
                Manifests.files("ccmsetup.msi", Manifests.bytes(711, 3_000)), Manifests.bytes(712, 300));
        postgres.stop();
        try {
            send(event);
            Thread.sleep(5_000); // the consumer meets the outage and retries
        } finally {
            postgres.restart();
        }
        awaitState("CAS00071", 1, "dp01", DistributionState.INSTALLED);
        awaitState("CAS00071", 1, "dp02", DistributionState.INSTALLED);
        try (KafkaTestClient kafka = new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            assertThat(kafka.readFromStart(Topics.MANIFEST_UPDATED_BY_DP_CONTENT.deadLetterTopic(), 1000, Duration.ofSeconds(5)))
                    .noneMatch(r -> "CAS00071".equals(r.key()));
        }
    }
}

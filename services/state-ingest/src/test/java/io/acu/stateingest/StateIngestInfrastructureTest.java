package io.acu.stateingest;

import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.infra.quarkus.ServiceInfrastructureChecks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Optional;

/** state-ingest boots against the real Kafka broker and PostgreSQL; see {@link ServiceInfrastructureChecks}. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class StateIngestInfrastructureTest extends ServiceInfrastructureChecks {

    @Override
    protected Optional<String> schema() {
        return Optional.of("state_ingest");
    }

    @Override
    protected List<String> expectedMigrations() {
        return List.of("1", "2", "3", "4", "5", "6");
    }
}

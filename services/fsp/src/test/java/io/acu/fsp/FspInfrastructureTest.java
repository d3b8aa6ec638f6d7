package io.acu.fsp;

import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.ServiceInfrastructureChecks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Optional;

/** fsp boots against the real Kafka broker; see {@link ServiceInfrastructureChecks}. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
class FspInfrastructureTest extends ServiceInfrastructureChecks {

    @Override
    protected Optional<String> schema() {
        return Optional.empty();
    }

    @Override
    protected List<String> expectedMigrations() {
        return List.of();
    }
}

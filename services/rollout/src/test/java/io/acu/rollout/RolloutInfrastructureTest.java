package io.acu.rollout;

import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.infra.quarkus.ServiceInfrastructureChecks;
import io.acu.infra.quarkus.JwtTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Optional;

/** rollout boots against the real Kafka broker and PostgreSQL and migrates its schema; see {@link ServiceInfrastructureChecks}. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = JwtTestResource.class, parallel = true)
class RolloutInfrastructureTest extends ServiceInfrastructureChecks {

    @Override
    protected Optional<String> schema() {
        return Optional.of("rollout");
    }

    @Override
    protected List<String> expectedMigrations() {
        return List.of("1", "2", "3", "4");
    }
}

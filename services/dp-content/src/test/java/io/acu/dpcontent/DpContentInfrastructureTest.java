package io.acu.dpcontent;

import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.infra.quarkus.ServiceInfrastructureChecks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Optional;

/**
 * dp-content boots against the real Kafka broker and PostgreSQL; see {@link ServiceInfrastructureChecks}. Same test
 * resources as the other @QuarkusTests, so they share one boot.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = DistributionFixture.class)
class DpContentInfrastructureTest extends ServiceInfrastructureChecks {

    @Override
    protected Optional<String> schema() {
        return Optional.of("dp_content");
    }

    @Override
    protected List<String> expectedMigrations() {
        return List.of("1", "2", "3", "4", "5");
    }
}

package io.acu.manifestbuilder;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.infra.quarkus.ServiceInfrastructureChecks;
import io.acu.infra.quarkus.JwtTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** manifest-builder boots against the real Kafka broker and PostgreSQL; see {@link ServiceInfrastructureChecks}. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(JwtTestResource.class)
class ManifestBuilderInfrastructureTest extends ServiceInfrastructureChecks {

    @Override
    protected Optional<String> schema() {
        return Optional.of("manifest_builder");
    }

    @Override
    protected List<String> expectedMigrations() {
        return List.of("1", "2", "3", "4", "5", "6");
    }

    @Test
    void v4DroppedTheClientUpgradeSettingsTablesOfV3() throws Exception {
        // The settings moved to rollout; V3 stays because sites applied it.
        var config = ConfigProvider.getConfig();
        try (Connection connection = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), config.getValue("quarkus.datasource.password", String.class));
             ResultSet rows = connection.createStatement().executeQuery("SELECT to_regclass('manifest_builder.client_upgrade_settings'),"
                     + " to_regclass('manifest_builder.client_upgrade_exclusion')")) {
            rows.next();
            assertThat(rows.getString(1)).isNull();
            assertThat(rows.getString(2)).isNull();
        }
    }
}

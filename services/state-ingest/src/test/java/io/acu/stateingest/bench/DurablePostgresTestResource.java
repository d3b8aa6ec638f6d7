package io.acu.stateingest.bench;

import io.acu.infra.EmbeddedPostgresServer;
import io.acu.infra.QuarkusConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** PostgreSQL with its default durability (fsync on), as benchmarks must measure: test settings would falsify the ratio. */
public class DurablePostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedPostgresServer postgres;

    @Override
    public Map<String, String> start() {
        postgres = EmbeddedPostgresServer.start(EmbeddedPostgresServer.Durability.DEFAULT);
        return QuarkusConfig.postgres(postgres);
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }
}

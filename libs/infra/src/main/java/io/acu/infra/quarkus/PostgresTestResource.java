package io.acu.infra.quarkus;

import io.acu.infra.EmbeddedPostgresServer;
import io.acu.infra.PostgresDatabase;
import io.acu.infra.QuarkusConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: a real PostgreSQL server (embedded binaries, or {@code ACU_POSTGRES_URL})
 * for the tests of one service. Register with
 * {@code @WithTestResource(value = PostgresTestResource.class, parallel = true)}. Fields of type
 * {@link EmbeddedPostgresServer} annotated {@link InjectPostgres} receive the server.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private PostgresDatabase postgres;

    @Override
    public Map<String, String> start() {
        postgres = PostgresDatabase.fromEnvironmentOrStart();
        return QuarkusConfig.postgres(postgres);
    }

    @Override
    public void inject(TestInjector testInjector) {
        if (postgres instanceof EmbeddedPostgresServer server) {
            testInjector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectPostgres.class, EmbeddedPostgresServer.class));
        }
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }
}

package io.acu.dpcontent.manager.leadership;

import static io.acu.dpcontent.manager.leadership.LeadershipEvents.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.acu.infra.PostgresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas campaign through a PostgreSQL advisory lock on a real server: one leads; when the leader's session dies
 * (terminated by the server, as when its pod is SIGKILLed) the other leads within a check interval and the old one
 * learns it no longer leads; a leader that closes hands over at once.
 */
class DatabaseLeadershipTest {

    private static final Duration CHECK = Duration.ofMillis(200);
    private static final int LOCK = "DatabaseLeadershipTest".hashCode();
    private static PostgresDatabase postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresDatabase.fromEnvironmentOrStart();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void oneLeadsAKilledLeaderIsReplacedAndAClosedOneHandsOver() throws Exception {
        LeadershipEvents a = new LeadershipEvents();
        LeadershipEvents b = new LeadershipEvents();
        try (DatabaseLeadership first = replica("replica-a"); DatabaseLeadership second = replica("replica-b")) {
            first.start(a);
            await(first::leading, Duration.ofSeconds(5));
            second.start(b);
            Thread.sleep(5 * CHECK.toMillis());
            assertThat(second.leading()).isFalse();
            assertThat(b.changes).isEmpty();

            // The leader's session dies: the server releases its lock; the follower takes it, the old leader steps down.
            long killedAt = System.nanoTime();
            terminateSessionsOf("replica-a");
            await(second::leading, Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(30));
            await(() -> a.changes.size() == 2 && b.changes.size() == 1, Duration.ofSeconds(5));
            assertThat(first.leading()).isFalse();
            assertThat(a.changes).containsExactly("started", "stopped");
            assertThat(b.changes).containsExactly("started");

            // The new leader shuts down: it releases the lock and the old one leads again.
            second.close();
            assertThat(b.changes).containsExactly("started", "stopped");
            await(() -> a.changes.size() == 3, Duration.ofSeconds(5));
            assertThat(first.leading()).isTrue();
            assertThat(a.changes).containsExactly("started", "stopped", "started");
        }
    }

    private static DatabaseLeadership replica(String name) {
        return new DatabaseLeadership(() -> {
            Properties properties = new Properties();
            properties.setProperty("user", postgres.username());
            properties.setProperty("password", postgres.password());
            properties.setProperty("ApplicationName", name);
            return DriverManager.getConnection(postgres.jdbcUrl(), properties);
        }, LOCK, name, CHECK);
    }

    private static void terminateSessionsOf(String applicationName) throws SQLException {
        try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                Statement statement = admin.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + applicationName + "'");
        }
    }
}

package io.acu.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class PgFailuresTest {

    private static PgException server(String sqlState, String message) {
        return new PgException(message, "ERROR", sqlState, null);
    }

    @Test
    void dataExceptionsAndIntegrityViolationsAreRefusalsOfTheRows() {
        assertThat(PgFailures.refusedForItsData(server("22001", "value too long for type character varying(64)"))).isTrue();
        assertThat(PgFailures.refusedForItsData(server("22021", "invalid byte sequence for encoding \"UTF8\": 0x00"))).isTrue();
        assertThat(PgFailures.refusedForItsData(server("23505", "duplicate key value violates unique constraint"))).isTrue();
        assertThat(PgFailures.refusedForItsData(new CompletionException(server("23514", "check constraint")))).isTrue();
    }

    @Test
    void outagesAndRetryableServerErrorsAreNotRefusals() {
        assertThat(PgFailures.refusedForItsData(server("57P01", "terminating connection due to administrator command"))).isFalse();
        assertThat(PgFailures.refusedForItsData(server("40001", "could not serialize access"))).isFalse();
        assertThat(PgFailures.refusedForItsData(server(null, "no state"))).isFalse();
        assertThat(PgFailures.refusedForItsData(new ConnectException("Connection refused"))).isFalse();
        assertThat(PgFailures.refusedForItsData(null)).isFalse();
    }

    @Test
    void unreachableOrUnavailableDatabaseIsAnOutage() {
        assertThat(PgFailures.isOutage(new ConnectException("Connection refused"))).isTrue();
        assertThat(PgFailures.isOutage(new RuntimeException(new ClosedChannelException()))).isTrue();
        assertThat(PgFailures.isOutage(new VertxException("Connection is closed", true))).isTrue();
        assertThat(PgFailures.isOutage(new VertxException("Pool closed", true))).isTrue();
        assertThat(PgFailures.isOutage(server("08006", "connection failure"))).isTrue();
        assertThat(PgFailures.isOutage(server("53300", "sorry, too many clients already"))).isTrue();
        assertThat(PgFailures.isOutage(server("57P01", "the database system is shutting down"))).isTrue();
        assertThat(PgFailures.isOutage(server("57P03", "the database system is starting up"))).isTrue();
    }

    @Test
    void anythingElseIsNoOutage() {
        assertThat(PgFailures.isOutage(server("22001", "value too long"))).isFalse();
        assertThat(PgFailures.isOutage(server("57014", "canceling statement due to statement timeout"))).isFalse();
        assertThat(PgFailures.isOutage(new VertxException("Timeout", true))).isFalse();
        assertThat(PgFailures.isOutage(new IllegalStateException("Pool closed"))).isFalse();
        assertThat(PgFailures.isOutage(null)).isFalse();
    }
}

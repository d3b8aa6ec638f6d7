package io.acu.postgres;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.function.Predicate;

/**
 * What a failed PostgreSQL write means for the record being written, decided the same way by every consumer that
 * stores records: either PostgreSQL refused <em>these rows</em> (retrying cannot help: dead-letter the record with
 * the reason), or it is unreachable or not accepting work for now (wait it out, never dead-letter), or neither.
 * Classes are PostgreSQL's SQLSTATE classes (PostgreSQL documentation, Appendix A "Error Codes"). Each test looks
 * through the whole cause chain, since the reactive client and Mutiny may wrap the server's error.
 */
public final class PgFailures {

    private PgFailures() {
    }

    /**
     * Whether PostgreSQL refused the rows for their data: SQLSTATE class 22 (data exception, e.g. 22001 value too
     * long, 22021 bad encoding) or 23 (integrity constraint violation). A lost connection, a server shutting down
     * (57), running out of resources (53) or a serialization failure (40) are not: they pass.
     *
     * @param failure any failure, may be null
     * @return true if some cause is a {@link PgException} of class 22 or 23
     */
    public static boolean refusedForItsData(Throwable failure) {
        return anyCause(failure, t -> t instanceof PgException pg && sqlStateIn(pg, "22", "23"));
    }

    /**
     * Whether PostgreSQL is unreachable or not accepting work for now rather than refusing this write: anywhere in the
     * cause chain a refused or closed connection ({@link ConnectException}, {@link ClosedChannelException}, the
     * Vert.x client's "Connection is closed" or "Pool closed"), or a server error of SQLSTATE class 08 (connection
     * exception), 53 (insufficient resources, e.g. too many connections) or 57P (operator intervention: shutdown,
     * cannot connect now).
     *
     * @param failure any failure, may be null
     * @return true if it is an outage to wait out
     */
    public static boolean isOutage(Throwable failure) {
        return anyCause(failure, t -> t instanceof ConnectException || t instanceof ClosedChannelException
                || t instanceof PgException pg && sqlStateIn(pg, "08", "53", "57P")
                || t instanceof VertxException && t.getMessage() != null
                        && (t.getMessage().contains("Connection is closed") || t.getMessage().contains("Pool closed")));
    }

    private static boolean sqlStateIn(PgException failure, String... prefixes) {
        String state = failure.getSqlState();
        if (state == null) {
            return false;
        }
        for (String prefix : prefixes) {
            if (state.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }
}

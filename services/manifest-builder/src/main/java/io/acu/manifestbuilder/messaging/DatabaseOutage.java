package io.acu.manifestbuilder.messaging;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;

/**
 * Whether a failure means PostgreSQL is unreachable or not accepting work for now, rather than refusing this event:
 * anywhere in the cause chain a refused or closed connection ({@link ConnectException}, {@link ClosedChannelException},
 * the Vert.x client's "Connection is closed" / "Pool closed"), or a server error of SQLSTATE class 08 (connection
 * exception), 53 (insufficient resources, e.g. too many connections) or 57P (operator intervention: shutdown, cannot
 * connect now), as PostgreSQL's Appendix A lists them.
 */
final class DatabaseOutage {

    private DatabaseOutage() {
    }

    /**
     * @param failure any failure
     * @return true if it is an outage to wait out
     */
    static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedChannelException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("53") || pg.getSqlState().startsWith("57P"))) {
                return true;
            }
            String message = t.getMessage();
            if (t instanceof io.vertx.core.VertxException && message != null
                    && (message.contains("Connection is closed") || message.contains("Pool closed"))) {
                return true;
            }
        }
        return false;
    }
}

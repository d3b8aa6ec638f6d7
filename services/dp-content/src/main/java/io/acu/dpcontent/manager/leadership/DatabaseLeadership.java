package io.acu.dpcontent.manager.leadership;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Leadership by a PostgreSQL session-level advisory lock ({@code pg_try_advisory_lock(int, int)}), for sites without
 * Kubernetes: the instance whose database session holds the lock leads. Every {@code checkInterval} a follower tries to
 * take the lock and the leader checks that its session is alive. The server releases the lock when the session ends,
 * so a leader that dies (SIGKILL, crash: its TCP connection closes) is replaced within one check interval; a leader
 * whose session broke without the server noticing (network partition) stops leading at its next check, and nobody can
 * take over until the server drops that session (then it is released like a death).
 *
 * <p>The session is one dedicated JDBC connection, never a pooled one: a pool would keep the physical connection, and
 * the lock with it, after {@code close()}. The two-key form keeps this lock apart from the single-key locks other code
 * takes (PostgreSQL: the key spaces do not overlap).
 */
public final class DatabaseLeadership implements Leadership {

    private static final Logger LOG = Logger.getLogger(DatabaseLeadership.class);
    /** First key of acu's two-key advisory locks: {@code hashtext('acu')} is not stable across versions, so a constant. */
    static final int ACU_LOCK_SPACE = 0x61637500; // "acu\0"

    /** Opens a new physical database connection (not from a pool), e.g. {@code DriverManager.getConnection(url, user, password)}. */
    @FunctionalInterface
    public interface Sessions {
        /**
         * @return a new connection that closing really closes
         * @throws SQLException when the database cannot be reached
         */
        Connection open() throws SQLException;
    }

    private final Sessions sessions;
    private final int lockKey;
    private final String identity;
    private final Duration checkInterval;
    private final CampaignThread campaign;
    private Listener listener;
    private Connection session;
    private volatile boolean leading;
    private volatile boolean closed;

    /**
     * @param sessions opens the session that holds the lock
     * @param lockKey the lock's second key, one per role, e.g. {@code "dp-content.distribution-manager".hashCode()}
     * @param identity this instance's name, for logs
     * @param checkInterval how often a follower tries and a leader checks its session, e.g. 5 s
     */
    public DatabaseLeadership(Sessions sessions, int lockKey, String identity, Duration checkInterval) {
        this.sessions = sessions;
        this.lockKey = lockKey;
        this.identity = identity;
        this.checkInterval = checkInterval;
        this.campaign = new CampaignThread("leadership-" + identity, identity);
    }

    @Override
    public synchronized void start(Listener listener) {
        if (this.listener != null) {
            throw new IllegalStateException("already campaigning");
        }
        this.listener = listener;
        campaign.executor().scheduleWithFixedDelay(this::check, 0, checkInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean leading() {
        return leading;
    }

    @Override
    public String identity() {
        return identity;
    }

    /** One round on the campaign thread: a follower tries the lock, a leader checks that its session still holds it. */
    private void check() {
        if (closed) {
            return;
        }
        try {
            if (session == null) {
                session = sessions.open();
                session.setAutoCommit(true);
            }
            if (leading) {
                if (!session.isValid((int) Math.max(1, checkInterval.toSeconds()))) {
                    throw new SQLException("the session that holds the lock is gone");
                }
                return;
            }
            if (tryLock()) {
                leading = true;
                LOG.infof("%s leads (advisory lock %d/%d)", identity, ACU_LOCK_SPACE, lockKey);
                listener.startedLeading();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("%s: leadership check failed (%s); %s", identity, e.getMessage(), leading ? "stepping down" : "retrying");
            endSession();
        }
    }

    private boolean tryLock() throws SQLException {
        try (PreparedStatement statement = session.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            statement.setInt(1, ACU_LOCK_SPACE);
            statement.setInt(2, lockKey);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    /** Closes the session (the server releases the lock with it) and tells the listener if this instance led. */
    private void endSession() {
        boolean wasLeading = leading;
        leading = false;
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                LOG.debugf("closing the leadership session: %s", e.getMessage());
            }
            session = null;
        }
        if (wasLeading) {
            listener.stoppedLeading();
        }
    }

    @Override
    public void close() {
        closed = true;
        campaign.finish(this::endSession);
    }
}

package io.acu.launcher.load;

import io.acu.infra.PostgresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what state-ingest persisted, straight from its schema over JDBC (the harness and the fault tests check the
 * service from outside; the rule that a service never reads another service's tables, only its API and events,
 * binds services, not the tools that test them).
 * Each call opens its own connection, so a call during a PostgreSQL outage fails with {@link SQLException} and the
 * next one works again.
 */
public final class StateIngestRows {

    private final PostgresDatabase postgres;

    /** @param postgres the database state-ingest writes to */
    public StateIngestRows(PostgresDatabase postgres) {
        this.postgres = postgres;
    }

    /** @return rows in {@code state_ingest.state_message} */
    public long rows() throws SQLException {
        try (Connection db = connect(); Statement sql = db.createStatement(); ResultSet rows = sql.executeQuery(
                "SELECT count(*) FROM state_ingest.state_message")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Rows per (client, topic type) for the given clients.
     *
     * @param clientIds the clients of one wave
     * @return counts, only for keys that have rows
     */
    public Map<MessageKey, Long> rowsByClientAndTopic(Collection<String> clientIds) throws SQLException {
        Map<MessageKey, Long> counts = new HashMap<>();
        try (Connection db = connect(); PreparedStatement sql = db.prepareStatement(
                "SELECT client_id, topic_type, count(*) FROM state_ingest.state_message WHERE client_id = ANY (?) GROUP BY client_id, topic_type")) {
            sql.setArray(1, db.createArrayOf("text", clientIds.toArray()));
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    counts.put(new MessageKey(rows.getString(1), rows.getInt(2)), rows.getLong(3));
                }
            }
        }
        return counts;
    }

    /**
     * The second identity of serial-numbered messages: rows of topic type 2001 whose (client, SerialNumber) another
     * row already has (ConfigMgr's duplicate rule for messages with a serial number); 0 when each is stored once.
     */
    public long repeatedSerials(Collection<String> clientIds) throws SQLException {
        try (Connection db = connect(); PreparedStatement sql = db.prepareStatement(
                "SELECT count(*) - count(DISTINCT (client_id, serial_number)) FROM state_ingest.state_message "
                        + "WHERE topic_type = 2001 AND client_id = ANY (?)")) {
            sql.setArray(1, db.createArrayOf("text", clientIds.toArray()));
            try (ResultSet rows = sql.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** @return when the newest row was stored ({@code ingested_at}, the database's clock); empty with no rows */
    public Optional<Instant> lastIngestedAt() throws SQLException {
        try (Connection db = connect(); Statement sql = db.createStatement(); ResultSet rows = sql.executeQuery(
                "SELECT max(ingested_at) FROM state_ingest.state_message")) {
            rows.next();
            Timestamp last = rows.getTimestamp(1);
            return Optional.ofNullable(last).map(Timestamp::toInstant);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }
}

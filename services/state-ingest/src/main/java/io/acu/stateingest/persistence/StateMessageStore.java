package io.acu.stateingest.persistence;

import io.acu.contracts.ReportedStateMessage;
import io.acu.stateingest.domain.StateMessageRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The hot write path: stores a batch of state messages and moves each client's current state forward in a single
 * set-based statement (one round trip per batch). The batch travels as one array per column and is expanded with
 * {@code unnest} (the user parameters of each row travel as the text of a PostgreSQL array, see
 * {@link #arrayLiteral}, because {@code unnest} would flatten an array of arrays); {@code ON CONFLICT DO NOTHING} drops re-delivered events and repeated messages (see V2), and only
 * the rows actually inserted update {@code client_state}, where a row is replaced only by a message with a later
 * MessageTime (then higher SerialNumber, then higher event ID). So re-delivery never double counts and arrival
 * order does not matter. Rows are locked in (client, topic type) order, so concurrent batches cannot deadlock on
 * {@code client_state}.
 */
@ApplicationScoped
public class StateMessageStore {

    static final String INSERT = """
            WITH input AS (
                SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::int[],
                                     $9::int[], $10::text[], $11::int[], $12::text[], $13::text[], $14::timestamptz[], $15::text[],
                                     $16::bigint[], $17::text[], $18::timestamptz[], $19::text[])
                    AS t(event_id, source_topic, client_id, netbios_name, client_version, topic_type, topic_id, topic_id_type,
                         state_id, state_name, criticality, error_code, reported_version, message_time, message_time_wmi,
                         serial_number, user_parameters, received_at, remote_address)
            ), inserted AS (
                INSERT INTO state_ingest.state_message (event_id, source_topic, client_id, netbios_name, client_version, topic_type, topic_id,
                        topic_id_type, state_id, state_name, criticality, error_code, reported_version, message_time,
                        message_time_wmi, serial_number, user_parameters, received_at, remote_address)
                SELECT event_id, source_topic, client_id, netbios_name, client_version, topic_type, topic_id, topic_id_type,
                       state_id, state_name, criticality, error_code, reported_version, message_time, message_time_wmi,
                       serial_number, user_parameters::text[], received_at, remote_address
                FROM input ORDER BY client_id, topic_type
                ON CONFLICT DO NOTHING
                RETURNING client_id, topic_type, netbios_name, client_version, topic_id, state_id, state_name, error_code,
                          reported_version, message_time, serial_number, event_id
            ), latest AS (
                SELECT DISTINCT ON (client_id, topic_type) *
                FROM inserted
                ORDER BY client_id, topic_type, message_time DESC, serial_number DESC NULLS LAST, event_id DESC
            ), current AS (
                INSERT INTO state_ingest.client_state AS c (client_id, topic_type, netbios_name, client_version, topic_id, state_id, state_name,
                        error_code, reported_version, message_time, serial_number, event_id)
                SELECT client_id, topic_type, netbios_name, client_version, topic_id, state_id, state_name, error_code,
                       reported_version, message_time, serial_number, event_id
                FROM latest ORDER BY client_id, topic_type
                ON CONFLICT (client_id, topic_type) DO UPDATE SET
                    netbios_name = EXCLUDED.netbios_name, client_version = EXCLUDED.client_version, topic_id = EXCLUDED.topic_id,
                    state_id = EXCLUDED.state_id, state_name = EXCLUDED.state_name, error_code = EXCLUDED.error_code,
                    reported_version = EXCLUDED.reported_version, message_time = EXCLUDED.message_time,
                    serial_number = EXCLUDED.serial_number, event_id = EXCLUDED.event_id, updated_at = now()
                WHERE (EXCLUDED.message_time, coalesce(EXCLUDED.serial_number, -1), EXCLUDED.event_id)
                    > (c.message_time, coalesce(c.serial_number, -1), c.event_id)
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM inserted) AS inserted, (SELECT count(*) FROM current) AS current
            """;

    private final Pool pool;

    StateMessageStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * What one batch write did.
     *
     * @param inserted messages stored now (the rest of the batch was stored before)
     * @param currentUpdated client_state rows created or moved forward
     */
    public record Written(long inserted, long currentUpdated) {
    }

    /**
     * Stores a batch in one statement, in one implicit transaction.
     *
     * @param records the messages, in any order, duplicates allowed
     * @return the counts; fails with the database error (nothing of the batch is stored then)
     */
    public Uni<Written> write(List<StateMessageRecord> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().item(new Written(0, 0));
        }
        int n = records.size();
        UUID[] eventId = new UUID[n];
        String[] sourceTopic = new String[n];
        String[] clientId = new String[n];
        String[] netbiosName = new String[n];
        String[] clientVersion = new String[n];
        Integer[] topicType = new Integer[n];
        String[] topicId = new String[n];
        Integer[] topicIdType = new Integer[n];
        Integer[] stateId = new Integer[n];
        String[] stateName = new String[n];
        Integer[] criticality = new Integer[n];
        String[] errorCode = new String[n];
        String[] reportedVersion = new String[n];
        OffsetDateTime[] messageTime = new OffsetDateTime[n];
        String[] messageTimeWmi = new String[n];
        Long[] serialNumber = new Long[n];
        String[] userParameters = new String[n];
        OffsetDateTime[] receivedAt = new OffsetDateTime[n];
        String[] remoteAddress = new String[n];
        for (int i = 0; i < n; i++) {
            StateMessageRecord record = records.get(i);
            ReportedStateMessage m = record.message();
            eventId[i] = record.eventId();
            sourceTopic[i] = record.sourceTopic();
            clientId[i] = m.clientId();
            netbiosName[i] = m.netbiosName();
            clientVersion[i] = m.clientVersion();
            topicType[i] = m.topicType();
            topicId[i] = m.topicId();
            topicIdType[i] = m.topicIdType();
            stateId[i] = m.stateId();
            stateName[i] = m.stateName();
            criticality[i] = m.criticality();
            errorCode[i] = m.errorCode();
            reportedVersion[i] = record.reportedVersion();
            messageTime[i] = m.messageTime().atOffset(ZoneOffset.UTC);
            messageTimeWmi[i] = m.messageTimeWmi();
            serialNumber[i] = m.serialNumber();
            userParameters[i] = arrayLiteral(m.userParameters());
            receivedAt[i] = record.receivedAt().atOffset(ZoneOffset.UTC);
            remoteAddress[i] = record.remoteAddress();
        }
        Tuple parameters = Tuple.from(List.<Object>of(eventId, sourceTopic, clientId, netbiosName, clientVersion, topicType, topicId,
                topicIdType, stateId, stateName, criticality, errorCode, reportedVersion, messageTime, messageTimeWmi,
                serialNumber, userParameters, receivedAt, remoteAddress));
        return pool.preparedQuery(INSERT).execute(parameters)
                .map(rows -> {
                    var row = rows.iterator().next();
                    return new Written(row.getLong("inserted"), row.getLong("current"));
                });
    }

    /**
     * A text array as PostgreSQL reads it back with {@code ::text[]}: every element double-quoted, with backslash and
     * double quote escaped, so braces, commas, blanks and the word NULL survive exactly, e.g. {@code ["a b", "x\"y"]}
     * becomes <code>{"a b","x\"y"}</code> and an empty list <code>{}</code>. (The contract refuses NUL characters, the
     * one thing a text value cannot hold.)
     */
    static String arrayLiteral(List<String> values) {
        StringBuilder literal = new StringBuilder(16 * values.size() + 2).append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"');
            String value = values.get(i);
            for (int c = 0; c < value.length(); c++) {
                char ch = value.charAt(c);
                if (ch == '"' || ch == '\\') {
                    literal.append('\\');
                }
                literal.append(ch);
            }
            literal.append('"');
        }
        return literal.append('}').toString();
    }
}

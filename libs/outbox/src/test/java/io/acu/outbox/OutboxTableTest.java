package io.acu.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class OutboxTableTest {

    private final OutboxTable table = new OutboxTable("dp_content.outbox_event");

    @Test
    void statementsNameTheQualifiedTable() {
        assertThat(table.insertSql('$')).isEqualTo("INSERT INTO dp_content.outbox_event (event_id, topic, record_key, payload, trace_parent,"
                + " trace_state) VALUES ($1, $2, $3, $4, $5, $6)");
        assertThat(table.insertSql('?')).endsWith("VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        assertThat(table.pendingSql()).isEqualTo("SELECT seq, event_id, topic, record_key, payload, trace_parent, trace_state FROM dp_content.outbox_event"
                + " WHERE published_at IS NULL AND parked_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED");
        assertThat(table.parkSql()).isEqualTo("UPDATE dp_content.outbox_event SET parked_at = now(), parked_reason = $2 WHERE seq = $1");
        assertThat(table.countsSql()).isEqualTo("SELECT (SELECT count(*) FROM dp_content.outbox_event WHERE published_at IS NULL AND parked_at IS NULL),"
                + " (SELECT count(*) FROM dp_content.outbox_event WHERE parked_at IS NOT NULL)");
        assertThat(table.deletePublishedSql()).isEqualTo("DELETE FROM dp_content.outbox_event WHERE published_at < $1");
    }

    @Test
    void onlyQualifiedLowerCaseNamesAreTables() {
        assertThatThrownBy(() -> new OutboxTable("outbox_event")).hasMessage("an outbox table is named schema.table in lower case, was outbox_event");
        assertThatThrownBy(() -> new OutboxTable("x.y; DROP TABLE z")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tooLargeIsPermanentEvenWrappedButTimeoutsAndAclsAreNot() {
        ExecutionException wrapped = new ExecutionException(new KafkaException(new RecordTooLargeException("The message is 1300000 bytes")));

        assertThat(KafkaRefusals.isPermanent(wrapped)).isTrue();
        assertThat(KafkaRefusals.isPermanent(new TimeoutException("Expiring 1 record(s)"))).isFalse();
        assertThat(KafkaRefusals.isPermanent(new TopicAuthorizationException("acu.manifest.updated"))).isFalse();
        assertThat(KafkaRefusals.reason(new RecordTooLargeException("The message is 1300000 bytes")))
                .isEqualTo("org.apache.kafka.common.errors.RecordTooLargeException: The message is 1300000 bytes");
        assertThat(KafkaRefusals.reason(new RecordTooLargeException("x".repeat(5000)))).hasSize(1003);
    }
}

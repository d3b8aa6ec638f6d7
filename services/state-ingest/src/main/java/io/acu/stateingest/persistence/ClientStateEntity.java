package io.acu.stateingest.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Row of {@code state_ingest.client_state}: a client's current state for one topic type, the stored message with the
 * latest MessageTime. Written only by {@link StateMessageStore}'s batch statement; read through Hibernate Reactive.
 */
@Entity
@Table(name = "client_state")
@IdClass(ClientStateEntity.Key.class)
public class ClientStateEntity {

    @Id
    @Column(name = "client_id")
    public String clientId;

    @Id
    @Column(name = "topic_type")
    public int topicType;

    @Column(name = "netbios_name", nullable = false)
    public String netbiosName;

    @Column(name = "client_version", nullable = false)
    public String clientVersion;

    @Column(name = "topic_id", nullable = false)
    public String topicId;

    @Column(name = "state_id", nullable = false)
    public int stateId;

    /** The catalogue name; null for a state acu does not name. */
    @Column(name = "state_name")
    public String stateName;

    @Column(name = "error_code")
    public String errorCode;

    /** The component version the message reports; null when none. */
    @Column(name = "reported_version")
    public String reportedVersion;

    @Column(name = "message_time", nullable = false)
    public Instant messageTime;

    /** Null for fallback status point messages. */
    @Column(name = "serial_number")
    public Long serialNumber;

    /** The event whose message this is. */
    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The composite primary key (client ID, topic type). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        /** The client ID. */
        public String clientId;
        /** The topic type. */
        public int topicType;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && other.topicType == topicType && Objects.equals(other.clientId, clientId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(clientId, topicType);
        }
    }
}

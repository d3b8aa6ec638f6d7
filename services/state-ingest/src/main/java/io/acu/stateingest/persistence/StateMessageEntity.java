package io.acu.stateingest.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * Row of {@code state_ingest.state_message}: one stored state message (history). Inserted in batches by
 * {@link StateMessageStore}; read through Hibernate Reactive.
 */
@Entity
@Table(name = "state_message")
public class StateMessageEntity {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    /** {@code acu.fsp.messages} or {@code acu.client.state-messages}. */
    @Column(name = "source_topic", nullable = false)
    public String sourceTopic;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(name = "netbios_name", nullable = false)
    public String netbiosName;

    @Column(name = "client_version", nullable = false)
    public String clientVersion;

    @Column(name = "topic_type", nullable = false)
    public int topicType;

    @Column(name = "topic_id", nullable = false)
    public String topicId;

    @Column(name = "topic_id_type", nullable = false)
    public int topicIdType;

    @Column(name = "state_id", nullable = false)
    public int stateId;

    @Column(name = "state_name")
    public String stateName;

    @Column(nullable = false)
    public int criticality;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "reported_version")
    public String reportedVersion;

    @Column(name = "message_time", nullable = false)
    public Instant messageTime;

    /** The MessageTime as sent, a WMI datetime. */
    @Column(name = "message_time_wmi", nullable = false)
    public String messageTimeWmi;

    @Column(name = "serial_number")
    public Long serialNumber;

    /** The UserParameters Param values in order. */
    @Column(name = "user_parameters", nullable = false)
    public String[] userParameters;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "remote_address", nullable = false)
    public String remoteAddress;

    @Column(name = "ingested_at", nullable = false)
    public Instant ingestedAt;
}

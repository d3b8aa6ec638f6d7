package io.acu.dpcontent.manager.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code dp_content.status_outbox}: a ContentDistributionStatusChanged event waiting to be (or already) published. */
@Entity
@Table(name = "status_outbox")
public class StatusOutboxEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "record_key", nullable = false)
    public String recordKey;

    @Column(name = "event_json", nullable = false)
    public String eventJson;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;
}

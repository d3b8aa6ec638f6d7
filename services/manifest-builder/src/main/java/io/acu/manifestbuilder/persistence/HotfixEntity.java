package io.acu.manifestbuilder.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code manifest_builder.hotfix}: a hotfix received, and the version it produced. */
@Entity
@Table(name = "hotfix")
public class HotfixEntity {

    @Id
    @Column(name = "hotfix_id")
    public UUID hotfixId;

    @Column(name = "kb_number", nullable = false)
    public String kbNumber;

    @Column(name = "title", nullable = false)
    public String title;

    @Column(name = "package_id", nullable = false)
    public String packageId;

    @Column(name = "channel", nullable = false)
    public String channel;

    @Column(name = "source_event_id")
    public UUID sourceEventId;

    @Column(name = "package_version")
    public Integer packageVersion;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
}

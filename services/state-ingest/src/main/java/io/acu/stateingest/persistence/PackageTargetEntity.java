package io.acu.stateingest.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code state_ingest.package_target}: the latest announced version per client package. */
@Entity
@Table(name = "package_target")
public class PackageTargetEntity {

    @Id
    @Column(name = "package_id")
    public String packageId;

    @Column(name = "package_version", nullable = false)
    public int packageVersion;

    @Column(name = "client_version", nullable = false)
    public String clientVersion;

    /** The ManifestUpdated event that set this row. */
    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}

package io.acu.dpcontent.manager.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code dp_content.package_version}: a package version accepted for distribution, with its event. */
@Entity
@Table(name = "package_version")
public class PackageVersionEntity {

    @EmbeddedId
    public VersionKey key;

    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    /** The ManifestUpdated event as received (JSON envelope). */
    @Column(name = "manifest_event", nullable = false)
    public String manifestEvent;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    /** W3C {@code traceparent} of the span the version was accepted in (io.acu.outbox.TraceContext), if traced. */
    @Column(name = "trace_parent")
    public String traceParent;

    /** W3C {@code tracestate} that came with it, if any. */
    @Column(name = "trace_state")
    public String traceState;
}

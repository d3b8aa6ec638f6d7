package io.acu.dpcontent.manager.persistence;

import io.acu.contracts.DistributionState;
import io.acu.dpcontent.core.DistributionStatus;
import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code dp_content.dp_package_status}; the state column holds ConfigMgr's numeric code. */
@Entity
@Table(name = "dp_package_status")
public class DpPackageStatusEntity {

    @EmbeddedId
    public StatusKey key;

    @Column(nullable = false)
    public short state;

    @Column(nullable = false)
    public int attempt;

    @Column(name = "bytes_transferred", nullable = false)
    public long bytesTransferred;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    /** @return the domain status of this row */
    public DistributionStatus toDomain() {
        return new DistributionStatus(key.packageId, key.packageVersion, key.distributionPoint, DistributionState.fromCode(state),
                attempt, bytesTransferred, lastError, updatedAt, nextAttemptAt);
    }

    /** Copies a domain status into this row (the key must already match). */
    void apply(DistributionStatus status) {
        state = (short) status.state().code();
        attempt = status.attempt();
        bytesTransferred = status.bytesTransferred();
        lastError = status.lastError();
        updatedAt = status.updatedAt();
        nextAttemptAt = status.nextAttemptAt();
    }
}

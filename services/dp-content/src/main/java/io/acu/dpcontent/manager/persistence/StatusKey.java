package io.acu.dpcontent.manager.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;

/** Primary key of {@code dp_package_status}: one package version on one distribution point. */
@Embeddable
public class StatusKey implements Serializable {

    @Column(name = "package_id")
    public String packageId;

    @Column(name = "package_version")
    public int packageVersion;

    @Column(name = "distribution_point")
    public String distributionPoint;

    /** For JPA. */
    public StatusKey() {
    }

    /**
     * @param packageId e.g. {@code CAS00006}
     * @param packageVersion 1 or more
     * @param distributionPoint the DP's name
     */
    public StatusKey(String packageId, int packageVersion, String distributionPoint) {
        this.packageId = packageId;
        this.packageVersion = packageVersion;
        this.distributionPoint = distributionPoint;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusKey k && packageVersion == k.packageVersion && packageId.equals(k.packageId)
                && distributionPoint.equals(k.distributionPoint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(packageId, packageVersion, distributionPoint);
    }
}

package io.acu.dpcontent.manager.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;

/** Primary key of {@code package_version}. */
@Embeddable
public class VersionKey implements Serializable {

    @Column(name = "package_id")
    public String packageId;

    @Column(name = "package_version")
    public int packageVersion;

    /** For JPA. */
    public VersionKey() {
    }

    /**
     * @param packageId e.g. {@code CAS00006}
     * @param packageVersion 1 or more
     */
    public VersionKey(String packageId, int packageVersion) {
        this.packageId = packageId;
        this.packageVersion = packageVersion;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionKey k && packageVersion == k.packageVersion && packageId.equals(k.packageId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(packageId, packageVersion);
    }
}

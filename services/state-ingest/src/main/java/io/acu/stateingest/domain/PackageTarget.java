package io.acu.stateingest.domain;

import io.acu.formats.PackageId;
import io.acu.formats.Version;
import java.util.Objects;

/**
 * The client package version the fleet should be on, as the latest ManifestUpdated announced it:
 * compliance is measured against it.
 *
 * @param packageId the client package, e.g. {@code CAS00006}
 * @param packageVersion ConfigMgr package version (source version), bumped by one per real change
 * @param clientVersion the client version the manifest installs, e.g. {@code 5.00.7804.1000}
 */
public record PackageTarget(PackageId packageId, int packageVersion, Version clientVersion) {

    /** @throws NullPointerException for a missing part; @throws IllegalArgumentException for a version below 1 */
    public PackageTarget {
        Objects.requireNonNull(packageId, "packageId");
        Objects.requireNonNull(clientVersion, "clientVersion");
        if (packageVersion < 1) {
            throw new IllegalArgumentException("packageVersion must be at least 1, was " + packageVersion);
        }
    }

    /**
     * Whether this target should replace {@code current}: only a higher package version does, so an
     * older ManifestUpdated that arrives late (Kafka redelivery, replay) never moves the target back.
     *
     * @param current the stored target, or null when none is stored
     * @throws IllegalArgumentException when {@code current} is another package
     */
    public boolean supersedes(PackageTarget current) {
        if (current == null) {
            return true;
        }
        if (!current.packageId.equals(packageId)) {
            throw new IllegalArgumentException("cannot compare targets of " + packageId + " and " + current.packageId);
        }
        return packageVersion > current.packageVersion;
    }
}

package io.acu.contracts;

import java.util.List;

/**
 * A new version of a client install package exists: its ccmsetup.xml manifest was rebuilt, packed into a signed
 * ccmsetup.cab and stored, as ConfigMgr does when a hotfix changes the client upgrade package. Published by
 * manifest-builder to {@code acu.manifest.updated}, exactly once per version, keyed by package ID; dp-content
 * distributes the version to distribution points, state-ingest learns the target versions.
 *
 * <p>Schema version 2. Version 1 also carried {@code clientUpgradePolicy}, the site's automatic client upgrade
 * settings with the whole exclusion list; rollout owns those settings now and answers each client's policy, so v2
 * dropped it (a list over ~23,000 client IDs made the event exceed Kafka's 1 MiB). v1 records are read as v2, the
 * policy ignored.
 *
 * @param packageId the ConfigMgr package ID (3-character site code and 5 hex digits), e.g. {@code CAS00006}
 * @param packageVersion the new package version (ConfigMgr's PackageVersion / source version), 1 or more;
 *     one more than the previous
 * @param previousPackageVersion the version this one replaces; null for the package's first version
 * @param clientVersion the ConfigMgr client version the package installs, e.g. {@code 5.00.7804.1000}
 * @param minimumAssignableSiteVersion the lowest site version a client of this package may be assigned to, e.g.
 *     {@code 5.00.7783.1000}
 * @param kbNumber the hotfix that caused this version, e.g. {@code KB2907566}; null when not caused by a hotfix
 * @param items every Item of the manifest (not only changed ones), in manifest order; at least one
 * @param cab the signed ccmsetup.cab carrying the manifest
 * @param contentSourceUrl base URL of this version's files on manifest-builder's source share, ending in
 *     {@code /}, e.g. {@code http://mb:8080/source/CAS00006/5/}; a file is at this URL plus its fileName
 */
public record ManifestUpdated(
        String packageId,
        int packageVersion,
        @Nullable Integer previousPackageVersion,
        String clientVersion,
        String minimumAssignableSiteVersion,
        @Nullable String kbNumber,
        List<ManifestItem> items,
        CabinetFile cab,
        String contentSourceUrl) implements EventPayload {

    /**
     * Checks and copies the fields.
     *
     * @throws NullPointerException if a required field is null
     * @throws IllegalArgumentException if the package ID is malformed, a version is not positive, the previous
     *     version is not lower, there are no items, or a text is blank
     */
    public ManifestUpdated {
        Checks.packageId(packageId, "packageId");
        Checks.positive(packageVersion, "packageVersion");
        if (previousPackageVersion != null && previousPackageVersion >= packageVersion) {
            throw new IllegalArgumentException("previousPackageVersion " + previousPackageVersion
                    + " must be lower than packageVersion " + packageVersion);
        }
        Checks.text(clientVersion, "clientVersion");
        Checks.text(minimumAssignableSiteVersion, "minimumAssignableSiteVersion");
        items = Checks.nonEmptyList(items, "items");
        Checks.required(cab, "cab");
        Checks.text(contentSourceUrl, "contentSourceUrl");
    }

    /** @return {@link EventType#MANIFEST_UPDATED} */
    @Override
    public EventType eventType() {
        return EventType.MANIFEST_UPDATED;
    }

    /** @return the package ID, e.g. {@code CAS00006} */
    @Override
    public String recordKey() {
        return packageId;
    }
}

package io.acu.manifestbuilder.domain;

import io.acu.formats.Sha256;
import io.acu.formats.Version;
import java.util.Objects;

/**
 * A hotfix file after intake: stored in the content library under its hash, its version known.
 *
 * @param fileName the manifest Item FileName, checked by {@link FileNames#check}
 * @param sha256 SHA-256 of the content
 * @param version the file version for the Discovery rule
 * @param sizeBytes the content's size in bytes
 * @param installOrder the Installation Order to set; null to keep the replaced item's, or to append after the last
 * @param installationType the InstallationType to set (e.g. {@code MSI}, {@code NONE}); null to keep the replaced
 *     item's, or {@link FileKind#defaultInstallationType()} for a new item
 * @param discoveryIdentifier the Discovery Identifier for a new item (a path or an MSI product code); null for
 *     {@code %windir%\ccmsetup\<name>}; ignored for a replaced item
 */
public record ResolvedFile(String fileName, Sha256 sha256, Version version, long sizeBytes, Integer installOrder,
        String installationType, String discoveryIdentifier) {

    /** @throws NullPointerException if a required component is null */
    public ResolvedFile {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(version, "version");
    }
}

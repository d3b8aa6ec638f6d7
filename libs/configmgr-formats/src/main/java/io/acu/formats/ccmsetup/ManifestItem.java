package io.acu.formats.ccmsetup;

import io.acu.formats.Sha256;
import io.acu.formats.Version;
import java.util.Objects;

/**
 * One file of the client install manifest, an {@code <Item>} of ccmsetup.xml.
 *
 * @param fileName path relative to the package root, {@code /}-separated as ConfigMgr writes it,
 *     e.g. {@code x64/client.msi}; ccmsetup downloads it from the distribution point under this name
 * @param fileHash SHA-256 of the file; ccmsetup validates downloads against it
 * @param keepAfterExit whether ccmsetup keeps the file after setup finishes
 * @param applicability where the item applies
 * @param discovery how to find what is installed, and the version it must have
 * @param installation how and in which order to install it
 */
public record ManifestItem(String fileName, Sha256 fileHash, boolean keepAfterExit, Applicability applicability,
        Discovery discovery, Installation installation) {

    /** @throws NullPointerException if a component is null */
    public ManifestItem {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(fileHash, "fileHash");
        Objects.requireNonNull(applicability, "applicability");
        Objects.requireNonNull(discovery, "discovery");
        Objects.requireNonNull(installation, "installation");
    }

    /**
     * This item for a new build of its file: the new hash and the discovery rule's version set to
     * the new file version (operator kept) — what a hotfix does to an item, e.g. SCEPInstall.exe
     * 4.2.223.0 to 4.3.215.0.
     */
    public ManifestItem withFile(Sha256 newHash, Version newVersion) {
        return new ManifestItem(fileName, newHash, keepAfterExit, applicability, discovery.withVersion(newVersion),
                installation);
    }

    /** Whether this item is for {@code name}, compared case-insensitively as Windows file names are. */
    public boolean isFor(String name) {
        return fileName.equalsIgnoreCase(name);
    }
}

package io.acu.manifestbuilder.domain;

import io.acu.formats.Sha256;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One stored version of a client install package: its manifest, the signed cabinet carrying it, and per item the
 * facts ccmsetup.xml does not hold (size, whether it changed).
 *
 * @param manifest the ccmsetup.xml model; {@code manifest.packageVersion()} is this version
 * @param previousVersion the version this one replaced; null for an imported version
 * @param kbNumber the hotfix that produced it, e.g. {@code KB2907566}; null for an imported version
 * @param manifestXml ccmsetup.xml as written into the cabinet
 * @param cabinet the signed ccmsetup.cab
 * @param origin how the version came to be
 * @param createdAt when it was stored
 * @param items per manifest item, in manifest order
 */
public record PackageVersion(CcmSetupManifest manifest, Integer previousVersion, String kbNumber, byte[] manifestXml,
        SignedCabinet cabinet, Origin origin, Instant createdAt, List<Item> items) {

    /** How a version came to be. */
    public enum Origin {
        /** Imported (seeded or by an admin) as it was: no event is published for it. */
        IMPORT,
        /** Built by manifest-builder from a hotfix: announced with ManifestUpdated. */
        HOTFIX
    }

    /** @throws NullPointerException if a required component is null */
    public PackageVersion {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(manifestXml, "manifestXml");
        Objects.requireNonNull(cabinet, "cabinet");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(createdAt, "createdAt");
        items = List.copyOf(items);
    }

    /** The package ID text, e.g. {@code CAS00006}. */
    public String packageId() {
        return manifest.packageId().toString();
    }

    /** The package version number. */
    public int version() {
        return manifest.packageVersion();
    }

    /**
     * Facts about one item beyond ccmsetup.xml.
     *
     * @param fileName the Item FileName
     * @param sha256 the FileHash
     * @param fileVersion the Discovery rule's version text
     * @param sizeBytes the content's size in bytes; null when the content is not in the source library
     * @param installOrder the Installation Order
     * @param changed whether this version added or replaced the item
     */
    public record Item(String fileName, Sha256 sha256, String fileVersion, Long sizeBytes, int installOrder, boolean changed) {
    }

    /**
     * ccmsetup.cab and its detached signature.
     *
     * @param bytes the cabinet file (kept by reference)
     * @param sha256 its SHA-256
     * @param signatureBase64 the signature over {@code bytes}, Base64
     * @param signatureAlgorithm the JCA algorithm, e.g. {@code SHA256withECDSA}
     */
    public record SignedCabinet(byte[] bytes, Sha256 sha256, String signatureBase64, String signatureAlgorithm) {
    }
}

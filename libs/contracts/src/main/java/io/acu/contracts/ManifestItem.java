package io.acu.contracts;

/**
 * One Item of a ccmsetup.xml manifest as published in {@link ManifestUpdated}: a file ccmsetup downloads when the
 * client lacks it, its hash differs, or its version fails the item's Discovery rule, then verifies and installs.
 *
 * @param fileName the Item's FileName: path inside the package, {@code /}-separated, e.g. {@code SCEPInstall.exe}
 * @param sha256 the Item's FileHash: SHA-256 of the file, 64 upper-case hex digits (lower case is accepted and
 *     upper-cased)
 * @param fileVersion the version in the Item's Discovery rule, as written there, e.g. {@code 4.3.215.0}
 * @param sizeBytes the file's size in bytes
 * @param installOrder the Item's Installation Order; ccmsetup installs items in ascending order
 * @param changed whether this item differs from the previous package version (new, or another hash); true for
 *     every item of a first version. dp-content transfers only changed items it lacks
 */
public record ManifestItem(
        String fileName,
        String sha256,
        String fileVersion,
        long sizeBytes,
        int installOrder,
        boolean changed) {

    /**
     * Checks the fields and upper-cases the hash.
     *
     * @throws NullPointerException if a field is null
     * @throws IllegalArgumentException if a text is blank, the hash is not 64 hex digits or the size is negative
     */
    public ManifestItem {
        Checks.text(fileName, "fileName");
        sha256 = Checks.sha256(sha256, "sha256");
        Checks.text(fileVersion, "fileVersion");
        Checks.notNegative(sizeBytes, "sizeBytes");
    }
}

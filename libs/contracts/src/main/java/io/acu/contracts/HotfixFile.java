package io.acu.contracts;

/**
 * One file of a {@link HotfixArrived}: where manifest-builder gets it and what it should declare about it in the
 * ccmsetup.xml manifest. At least one of {@code sha256} and {@code sourceUrl} is given; with both, the fetched
 * file must have that hash.
 *
 * @param fileName the file's path inside the package, {@code /}-separated, e.g. {@code SCEPInstall.exe} or
 *     {@code x64/client.msi}; the manifest Item's FileName
 * @param sha256 SHA-256 of the file, 64 hex digits (stored upper-case), when the file is already in the source
 *     content library; null when it is to be fetched from {@code sourceUrl}
 * @param sourceUrl HTTP(S) URL to fetch the file from; null when the file is already in the source content
 *     library
 * @param fileVersion the file version to declare, e.g. {@code 4.3.215.0}; null to read it from the file (PE
 *     version resource, MSI ProductVersion); required by manifest-builder for other file types
 * @param installOrder the manifest Item's Installation Order (ccmsetup installs in ascending order); null to
 *     keep the replaced item's order, or to append after the last item
 * @param installationType the manifest Item's InstallationType, e.g. {@code MSI}, {@code NONE}; null to keep
 *     the replaced item's type, or to derive it from the file type
 */
public record HotfixFile(
        String fileName,
        @Nullable String sha256,
        @Nullable String sourceUrl,
        @Nullable String fileVersion,
        @Nullable Integer installOrder,
        @Nullable String installationType) {

    /**
     * Checks the fields and upper-cases the hash.
     *
     * @throws NullPointerException if {@code fileName} is null
     * @throws IllegalArgumentException if {@code fileName} is blank, the hash is not 64 hex digits, or neither a
     *     hash nor a URL is given
     */
    public HotfixFile {
        Checks.text(fileName, "fileName");
        sha256 = Checks.sha256OrNull(sha256, "sha256");
        if (sha256 == null && sourceUrl == null) {
            throw new IllegalArgumentException("file " + fileName + " needs a sha256 or a sourceUrl");
        }
    }
}

package io.acu.dpcontent.library;

import io.acu.formats.Sha256;
import java.util.Objects;

/**
 * One file of a package version as the content library indexes it: where it sits inside the package, its
 * SHA-256 (the single-instance key in {@code FileLib}) and its size.
 *
 * @param name path inside the package, {@code /}-separated, e.g. {@code SCEPInstall.exe} or {@code x64/MicrosoftPolicyPlatformSetup.msi};
 *     checked by {@link PackagePath#check(String)}
 * @param sha256 SHA-256 of the content
 * @param sizeBytes size in bytes, 0 or more
 */
public record PackageFile(String name, Sha256 sha256, long sizeBytes) {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if the name is not a safe relative path or the size is negative
     * @throws NullPointerException if a field is null
     */
    public PackageFile {
        PackagePath.check(name);
        Objects.requireNonNull(sha256, "sha256");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative, got " + sizeBytes);
        }
    }
}

package io.acu.dpcontent.library;

import io.acu.formats.Sha256;
import java.util.List;

/**
 * What a content validation (ConfigMgr's "Validate content") found on one library.
 *
 * @param filesChecked how many {@code FileLib} files were re-hashed
 * @param bytesChecked their total size in bytes
 * @param damaged files whose bytes no longer hash to their name; they were removed from the library
 * @param affected package versions that used a damaged file; they are no longer available until redistributed
 */
public record ValidationReport(int filesChecked, long bytesChecked, List<DamagedFile> damaged, List<PackageVersionRef> affected) {

    /** Copies the lists. */
    public ValidationReport {
        damaged = List.copyOf(damaged);
        affected = List.copyOf(affected);
    }

    /**
     * A file whose content changed on disk.
     *
     * @param expected the hash it is filed under
     * @param actual the hash its bytes have now
     */
    public record DamagedFile(Sha256 expected, Sha256 actual) {
    }

    /**
     * A package version, e.g. {@code CAS00006} v5.
     *
     * @param packageId the package ID text
     * @param version the version
     */
    public record PackageVersionRef(String packageId, int version) {
    }
}

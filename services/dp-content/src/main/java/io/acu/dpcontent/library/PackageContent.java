package io.acu.dpcontent.library;

import io.acu.formats.PackageId;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The index entry of one package version in a content library (ConfigMgr's PkgLib): which files, by name, make
 * up {@code packageId} at {@code version}. The bytes live once per hash in {@code FileLib}.
 *
 * @param packageId e.g. {@code CAS00006}
 * @param version the package version, 1 or more
 * @param files the files, names unique ignoring case; at least one
 */
public record PackageContent(PackageId packageId, int version, List<PackageFile> files) {

    /**
     * Checks and copies the fields.
     *
     * @throws IllegalArgumentException if the version is not positive, there are no files or two share a name
     * @throws NullPointerException if a field is null
     */
    public PackageContent {
        Objects.requireNonNull(packageId, "packageId");
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, got " + version);
        }
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException(packageId + " v" + version + " has no files");
        }
        Set<String> seen = new HashSet<>();
        for (PackageFile file : files) {
            if (!seen.add(PackagePath.key(file.name()))) {
                throw new IllegalArgumentException(packageId + " v" + version + " lists " + file.name() + " twice");
            }
        }
    }

    /**
     * The file of this name, compared ignoring case as on a Windows DP.
     *
     * @param name a name inside the package
     * @return the file, or empty
     */
    public Optional<PackageFile> file(String name) {
        String key = PackagePath.key(name);
        return files.stream().filter(f -> PackagePath.key(f.name()).equals(key)).findFirst();
    }

    /** @return the sum of the files' sizes, in bytes */
    public long totalBytes() {
        return files.stream().mapToLong(PackageFile::sizeBytes).sum();
    }
}

package io.acu.formats.ccmsetup;

import io.acu.formats.PackageId;
import io.acu.formats.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A client install manifest, the {@code <CcmSetup>} document ccmsetup downloads first and
 * follows: which files make up the client of one package version, how to find them installed,
 * and in which order to install them.
 *
 * @param clientVersion the client version this package installs, e.g. {@code 5.00.7804.1000}
 * @param minimumAssignableSiteVersion the oldest site version a client installed from it may be
 *     assigned to
 * @param packageId the client package, e.g. {@code CAS00006}
 * @param packageVersion the package's source version; every rebuild increments it (0 or more)
 * @param items at least one item, file names unique (case-insensitively), in document order
 */
public record CcmSetupManifest(Version clientVersion, Version minimumAssignableSiteVersion, PackageId packageId,
        int packageVersion, List<ManifestItem> items) {

    /**
     * @throws NullPointerException if a component or item is null
     * @throws IllegalArgumentException if {@code packageVersion} is negative, {@code items} is
     *     empty, or two items share a file name
     */
    public CcmSetupManifest {
        Objects.requireNonNull(clientVersion, "clientVersion");
        Objects.requireNonNull(minimumAssignableSiteVersion, "minimumAssignableSiteVersion");
        Objects.requireNonNull(packageId, "packageId");
        if (packageVersion < 0) {
            throw new IllegalArgumentException("packageVersion must not be negative: " + packageVersion);
        }
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a manifest needs at least one item");
        }
        duplicateFileName(items).ifPresent(name -> {
            throw new IllegalArgumentException("duplicate item FileName '" + name + "'");
        });
    }

    /** The first file name used by more than one item (case-insensitively), if any. */
    static Optional<String> duplicateFileName(List<ManifestItem> items) {
        List<String> seen = new ArrayList<>();
        for (ManifestItem item : items) {
            String key = item.fileName().toLowerCase(Locale.ROOT);
            if (seen.contains(key)) {
                return Optional.of(item.fileName());
            }
            seen.add(key);
        }
        return Optional.empty();
    }

    /** The item for {@code fileName} (case-insensitive), if any. */
    public Optional<ManifestItem> item(String fileName) {
        return items.stream().filter(i -> i.isFor(fileName)).findFirst();
    }

    /** The items sorted by {@link Installation#order()}, ties in document order: the order ccmsetup installs them. */
    public List<ManifestItem> itemsInInstallOrder() {
        return items.stream().sorted(Comparator.comparingInt(i -> i.installation().order())).toList();
    }

    /**
     * This manifest with {@code item} in place of the item of the same file name (keeping its
     * position), or with {@code item} appended if there is none.
     */
    public CcmSetupManifest withItem(ManifestItem item) {
        List<ManifestItem> updated = new ArrayList<>(items);
        int index = -1;
        for (int i = 0; i < updated.size() && index < 0; i++) {
            if (updated.get(i).isFor(item.fileName())) {
                index = i;
            }
        }
        if (index >= 0) {
            updated.set(index, item);
        } else {
            updated.add(item);
        }
        return new CcmSetupManifest(clientVersion, minimumAssignableSiteVersion, packageId, packageVersion, updated);
    }

    /** This manifest with another package version, e.g. {@code packageVersion() + 1} after a rebuild. */
    public CcmSetupManifest withPackageVersion(int newPackageVersion) {
        return new CcmSetupManifest(clientVersion, minimumAssignableSiteVersion, packageId, newPackageVersion, items);
    }

    /** This manifest with another client version (a cumulative update changes it). */
    public CcmSetupManifest withClientVersion(Version newClientVersion) {
        return new CcmSetupManifest(newClientVersion, minimumAssignableSiteVersion, packageId, packageVersion, items);
    }
}

package io.acu.dpcontent.manager;

import io.acu.contracts.ManifestItem;
import io.acu.contracts.ManifestUpdated;
import io.acu.dpcontent.library.PackageContent;
import io.acu.dpcontent.library.PackageFile;
import io.acu.formats.PackageId;
import io.acu.formats.Sha256;
import java.util.ArrayList;
import java.util.List;

/**
 * What a package version puts on a distribution point, from its ManifestUpdated: every manifest Item's file plus
 * ccmsetup.cab (clients download the cab first, then the items they need). Unchanged items are listed too: a DP
 * that already holds them (same hash) is not sent them again, a new DP is.
 */
public final class PackagePlan {

    private PackagePlan() {
    }

    /**
     * @param manifest the event payload
     * @return the package version's content, items in manifest order, then the cab
     * @throws IllegalArgumentException if a file name is unsafe or listed twice
     */
    public static PackageContent contentOf(ManifestUpdated manifest) {
        List<PackageFile> files = new ArrayList<>();
        for (ManifestItem item : manifest.items()) {
            files.add(new PackageFile(item.fileName(), Sha256.parse(item.sha256()), item.sizeBytes()));
        }
        files.add(new PackageFile(manifest.cab().fileName(), Sha256.parse(manifest.cab().sha256()), manifest.cab().sizeBytes()));
        return new PackageContent(PackageId.parse(manifest.packageId()), manifest.packageVersion(), files);
    }
}

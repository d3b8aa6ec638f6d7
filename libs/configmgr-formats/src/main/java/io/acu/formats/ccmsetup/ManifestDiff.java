package io.acu.formats.ccmsetup;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the items of two manifests differ, matched by file name (case-insensitively). Root
 * attributes (package version, client version) are not compared: a rebuild always changes them.
 *
 * @param added items only in the newer manifest
 * @param removed items only in the older manifest
 * @param changed items in both that differ in any field (hash, rule, installation, ...), as they
 *     are in the newer manifest
 */
public record ManifestDiff(List<ManifestItem> added, List<ManifestItem> removed, List<ManifestItem> changed) {

    /** Copies the lists. */
    public ManifestDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    /** The difference from {@code before} to {@code after}; lists follow each manifest's document order. */
    public static ManifestDiff between(CcmSetupManifest before, CcmSetupManifest after) {
        List<ManifestItem> added = new ArrayList<>();
        List<ManifestItem> changed = new ArrayList<>();
        for (ManifestItem item : after.items()) {
            Optional<ManifestItem> old = before.item(item.fileName());
            if (old.isEmpty()) {
                added.add(item);
            } else if (!old.get().equals(item)) {
                changed.add(item);
            }
        }
        List<ManifestItem> removed = before.items().stream()
                .filter(item -> after.item(item.fileName()).isEmpty())
                .toList();
        return new ManifestDiff(added, removed, changed);
    }

    /** Whether the items are the same. */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }
}

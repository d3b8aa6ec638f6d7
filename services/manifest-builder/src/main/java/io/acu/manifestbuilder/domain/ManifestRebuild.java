package io.acu.manifestbuilder.domain;

import io.acu.formats.Version;
import io.acu.formats.ccmsetup.Applicability;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import io.acu.formats.ccmsetup.Discovery;
import io.acu.formats.ccmsetup.Installation;
import io.acu.formats.ccmsetup.ManifestItem;
import io.acu.formats.ccmsetup.VersionOperator;
import io.acu.formats.ccmsetup.VersionRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Applies a hotfix's files to a package's current manifest, as ConfigMgr does when a hotfix updates the client
 * upgrade package:
 * <ul>
 *   <li>a file whose item exists with the same hash changes nothing (hashes compared as digests, so letter case
 *       never matters);
 *   <li>a file whose item exists with another hash gets the new FileHash and the new version in its Discovery
 *       rule (operator kept), and the given Installation Order/InstallationType if any;
 *   <li>a file with no item becomes a new item at the end: {@code KeepAfterExit="false"}, applicable to
 *       {@code ALL}/{@code ALL}, File discovery of {@code %windir%\ccmsetup\<name>} with {@code VerifyHash="true"}
 *       and {@code >=} the version, installed after the last item unless an order is given.
 * </ul>
 * Anti-rollback: a file whose version is lower than the version in its item's Discovery rule (compared as
 * {@link Version}s: numeric parts, leading zeros insignificant, so {@code 4.3.0215.0} equals {@code 4.3.215.0})
 * is refused, and with it the whole hotfix ({@link Downgrade}), unless the hotfix allows downgrades: ccmsetup
 * reinstalls an item whose hash differs from the manifest's, so such a version would roll every client back to the
 * older build. An equal version is not a downgrade, nor is a file with the item's hash (nothing changes) or a file
 * new to the package.
 *
 * <p>If nothing changed the result is {@link Unchanged} (no new version); otherwise {@link Changed} with
 * PackageVersion one higher. Pure and deterministic.
 */
public final class ManifestRebuild {

    private ManifestRebuild() {
    }

    /** The outcome of applying a hotfix. */
    public sealed interface Outcome permits Unchanged, Changed, Downgrade {
    }

    /** Every file matched its item's hash: the package stays at its version. */
    public record Unchanged(CcmSetupManifest current) implements Outcome {
    }

    /**
     * A new package version.
     *
     * @param manifest the new manifest, PackageVersion one higher than the current
     * @param changedFileNames FileNames of the new or replaced items, as written in the manifest, sorted
     */
    public record Changed(CcmSetupManifest manifest, Set<String> changedFileNames) implements Outcome {
        /** Copies the set. */
        public Changed {
            changedFileNames = Set.copyOf(changedFileNames);
        }

        /** Whether the item for {@code fileName} (case-insensitive) is new or replaced in this version. */
        public boolean changed(String fileName) {
            return changedFileNames.stream().anyMatch(name -> name.equalsIgnoreCase(fileName));
        }
    }

    /**
     * Files whose version is lower than their item's: nothing applied, the package stays at its version.
     *
     * @param current the package's latest manifest
     * @param files every lower file, in the hotfix's order; at least one
     */
    public record Downgrade(CcmSetupManifest current, List<LowerVersion> files) implements Outcome {
        /** Copies the list. */
        public Downgrade {
            files = List.copyOf(files);
        }

        /**
         * The refusal in plain words, naming each file with both versions as written, e.g. {@code SCEPInstall.exe
         * 4.3.215.0 is lower than 4.4.304.0 in CAS00006 v6; set allowDowngrade to apply it}.
         */
        public String reason() {
            return files.stream().map(f -> f.fileName() + " " + f.offered() + " is lower than " + f.current())
                    .collect(Collectors.joining(", ")) + " in " + current.packageId() + " v" + current.packageVersion()
                    + "; set allowDowngrade to apply " + (files.size() == 1 ? "it" : "them");
        }
    }

    /**
     * One file of a {@link Downgrade}.
     *
     * @param fileName the Item FileName, as written in the manifest
     * @param offered the hotfix file's version
     * @param current the version in the item's Discovery rule
     */
    public record LowerVersion(String fileName, Version offered, Version current) {
    }

    /**
     * Applies {@code files} to {@code current}.
     *
     * @param current the package's latest manifest
     * @param files the hotfix files, names unique (case-insensitively)
     * @param allowDowngrade whether a file may replace its item with a lower version
     * @return {@link Unchanged}, {@link Changed}, or {@link Downgrade} (only when {@code allowDowngrade} is false)
     */
    public static Outcome apply(CcmSetupManifest current, List<ResolvedFile> files, boolean allowDowngrade) {
        CcmSetupManifest next = current;
        Set<String> changed = new TreeSet<>();
        List<LowerVersion> lower = new ArrayList<>();
        for (ResolvedFile file : files) {
            Optional<ManifestItem> existing = next.item(file.fileName());
            ManifestItem item;
            if (existing.isPresent()) {
                ManifestItem old = existing.get();
                if (old.fileHash().equals(file.sha256())) {
                    continue;
                }
                Version itemVersion = old.discovery().versionRule().version();
                if (!allowDowngrade && file.version().compareTo(itemVersion) < 0) {
                    lower.add(new LowerVersion(old.fileName(), file.version(), itemVersion));
                    continue;
                }
                Installation installation = old.installation();
                item = old.withFile(file.sha256(), file.version());
                item = new ManifestItem(item.fileName(), item.fileHash(), item.keepAfterExit(), item.applicability(), item.discovery(),
                        new Installation(file.installOrder() != null ? file.installOrder() : installation.order(),
                                file.installationType() != null ? file.installationType() : installation.installationType(),
                                installation.optionalParams()));
            } else {
                item = newItem(next, file);
            }
            next = next.withItem(item);
            changed.add(item.fileName());
        }
        if (!lower.isEmpty()) {
            return new Downgrade(current, lower);
        }
        if (changed.isEmpty()) {
            return new Unchanged(current);
        }
        return new Changed(next.withPackageVersion(current.packageVersion() + 1), changed);
    }

    private static ManifestItem newItem(CcmSetupManifest manifest, ResolvedFile file) {
        int order = file.installOrder() != null ? file.installOrder()
                : manifest.items().stream().mapToInt(i -> i.installation().order()).max().orElse(0) + 1;
        String type = file.installationType() != null ? file.installationType().toUpperCase(Locale.ROOT)
                : FileKind.of(file.fileName()).defaultInstallationType();
        String identifier = file.discoveryIdentifier() != null ? file.discoveryIdentifier()
                : "%windir%\\ccmsetup\\" + file.fileName().replace('/', '\\');
        return new ManifestItem(file.fileName(), file.sha256(), false, new Applicability("ALL", "ALL"),
                new Discovery("File", identifier, true, new VersionRule(VersionOperator.GREATER_OR_EQUAL, file.version())),
                new Installation(order, type, null));
    }
}

package io.acu.formats.ccmsetup;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Whether a client needs a manifest item, and why: the rule ccmsetup applies before downloading.
 *
 * <p>An item is needed, checked in this order, when
 * <ol>
 *   <li>{@link Reason#MISSING}: discovery finds nothing installed;
 *   <li>{@link Reason#HASH_MISMATCH}: the item's Discovery has {@code VerifyHash="true"} and the
 *       installed file's SHA-256 differs from {@code FileHash} (compared as bytes, so letter case
 *       is irrelevant). With {@code VerifyHash="false"} (MSI-discovered items, which have no file
 *       to hash) the hash is not compared;
 *   <li>{@link Reason#VERSION_RULE_FAILED}: the installed version fails the Discovery rule, e.g.
 *       SCEP 4.2.223.1 against {@code >= 4.3.215.0};
 * </ol>
 * otherwise it is {@link Reason#NOT_NEEDED}. A needed item is then downloaded, hash-validated and
 * installed in {@link Installation#order()}.
 *
 * @param item the manifest item evaluated
 * @param reason the first failing check, or {@code NOT_NEEDED}
 * @param detail a human-readable explanation, e.g. {@code installed version 4.2.223.1 fails >= 4.3.215.0}
 */
public record ItemRequirement(ManifestItem item, Reason reason, String detail) {

    /** Why an item is needed, or that it is not. */
    public enum Reason {
        /** Nothing installed. */
        MISSING,
        /** Installed file's hash differs from {@code FileHash} (only when {@code VerifyHash="true"}). */
        HASH_MISMATCH,
        /** Installed version fails the Discovery version rule. */
        VERSION_RULE_FAILED,
        /** Installed, hash (if verified) and version fine. */
        NOT_NEEDED
    }

    /** @throws NullPointerException if a component is null */
    public ItemRequirement {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** Evaluates the rule for one item against what is installed. */
    public static ItemRequirement evaluate(ManifestItem item, InstalledItem installed) {
        if (!(installed instanceof InstalledItem.Present present)) {
            return new ItemRequirement(item, Reason.MISSING, item.fileName() + " is not installed");
        }
        if (item.discovery().verifyHash() && !present.hash().equals(item.fileHash())) {
            return new ItemRequirement(item, Reason.HASH_MISMATCH,
                    "installed hash " + present.hash() + " differs from " + item.fileHash());
        }
        VersionRule rule = item.discovery().versionRule();
        if (!rule.isSatisfiedBy(present.version())) {
            return new ItemRequirement(item, Reason.VERSION_RULE_FAILED,
                    "installed version " + present.version() + " fails " + rule);
        }
        return new ItemRequirement(item, Reason.NOT_NEEDED,
                "installed version " + present.version() + " satisfies " + rule);
    }

    /**
     * Evaluates every item of {@code manifest}, in install order.
     *
     * @param discover what is installed for an item (never null; use {@link InstalledItem#missing()})
     */
    public static List<ItemRequirement> evaluateAll(CcmSetupManifest manifest,
            Function<ManifestItem, InstalledItem> discover) {
        return manifest.itemsInInstallOrder().stream()
                .map(item -> evaluate(item, Objects.requireNonNull(discover.apply(item), "discover returned null")))
                .toList();
    }

    /** Whether the client needs the item: any reason but {@code NOT_NEEDED}. */
    public boolean needed() {
        return reason != Reason.NOT_NEEDED;
    }
}

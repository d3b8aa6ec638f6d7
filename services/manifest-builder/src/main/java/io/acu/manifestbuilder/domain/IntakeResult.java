package io.acu.manifestbuilder.domain;

import java.util.List;
import java.util.UUID;

/**
 * What accepting a hotfix did.
 *
 * @param outcome created a version, changed nothing, or was a redelivered event
 * @param hotfixId the recorded hotfix; null for a redelivery
 * @param packageId e.g. {@code CAS00006}
 * @param packageVersion the version now current (the new one for {@code CREATED})
 * @param previousVersion the version replaced for {@code CREATED}; null otherwise
 * @param changedFiles FileNames of the items added or replaced, sorted; empty unless {@code CREATED}
 */
public record IntakeResult(Outcome outcome, UUID hotfixId, String packageId, int packageVersion, Integer previousVersion,
        List<String> changedFiles) {

    /** What the hotfix did. */
    public enum Outcome {
        /** A new package version was stored and its ManifestUpdated queued. */
        CREATED,
        /** Every file matched the current manifest: no new version, no event. */
        UNCHANGED,
        /** The HotfixArrived event was applied before: nothing done. */
        DUPLICATE
    }

    /** Copies the list. */
    public IntakeResult {
        changedFiles = List.copyOf(changedFiles);
    }
}

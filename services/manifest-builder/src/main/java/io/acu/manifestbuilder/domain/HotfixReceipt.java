package io.acu.manifestbuilder.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A hotfix as received and recorded, whatever it did.
 *
 * @param hotfixId manifest-builder's ID for it
 * @param kbNumber e.g. {@code KB2907566}
 * @param title human-readable title
 * @param packageId the package it updates, e.g. {@code CAS00006}
 * @param channel {@code API} (upload) or {@code EVENT} (acu.hotfix.arrived)
 * @param sourceEventId the HotfixArrived event ID for {@code EVENT}; null otherwise
 * @param producedVersion the package version it produced; null when it changed nothing
 * @param receivedAt when it was accepted
 * @param files its files after intake
 */
public record HotfixReceipt(UUID hotfixId, String kbNumber, String title, String packageId, String channel, UUID sourceEventId,
        Integer producedVersion, Instant receivedAt, List<ResolvedFile> files) {

    /** Copies the file list. */
    public HotfixReceipt {
        files = List.copyOf(files);
    }
}

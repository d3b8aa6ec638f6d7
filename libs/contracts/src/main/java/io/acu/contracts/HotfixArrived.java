package io.acu.contracts;

import java.util.List;

/**
 * A hotfix offered to the site: new files for a client install package, as when a ConfigMgr cumulative update or
 * hotfix (e.g. KB2907566 for System Center Endpoint Protection) replaces files of the client upgrade package.
 * Published by patch feeds and the admin API to {@code acu.hotfix.arrived}, keyed by component; manifest-builder
 * turns it into a new package version ({@link ManifestUpdated}) unless it changes nothing.
 *
 * @param kbNumber the Microsoft Knowledge Base article of the hotfix, e.g. {@code KB2907566}
 * @param title human-readable title, e.g. {@code Endpoint Protection client update 4.3.215.0}
 * @param component the client component the hotfix updates, e.g. {@code SCEP}; the record key
 * @param packageId the ConfigMgr package ID of the client install package it updates (3-character site code and
 *     5 hex digits), e.g. {@code CAS00006}
 * @param files the files of the hotfix, in the order given; at least one
 * @param allowDowngrade {@code true} to apply a file whose version is lower than the version of the same manifest
 *     Item in the package's current version (an intended rollback); null (absent, as older producers send it) or
 *     {@code false}: manifest-builder refuses such a hotfix and dead-letters the event with the file and both
 *     versions as the reason. Added to schema version 1 as an optional field: readers that predate it ignore it
 */
public record HotfixArrived(
        String kbNumber,
        String title,
        String component,
        String packageId,
        List<HotfixFile> files,
        @Nullable Boolean allowDowngrade) implements EventPayload {

    /**
     * Checks and copies the fields.
     *
     * @throws NullPointerException if a field other than {@code allowDowngrade} is null
     * @throws IllegalArgumentException if a text is blank, the package ID is malformed or there are no files
     */
    public HotfixArrived {
        Checks.text(kbNumber, "kbNumber");
        Checks.required(title, "title");
        Checks.text(component, "component");
        Checks.packageId(packageId, "packageId");
        files = Checks.nonEmptyList(files, "files");
    }

    /** @return {@link EventType#HOTFIX_ARRIVED} */
    @Override
    public EventType eventType() {
        return EventType.HOTFIX_ARRIVED;
    }

    /** @return the component, e.g. {@code SCEP} */
    @Override
    public String recordKey() {
        return component;
    }
}

package io.acu.manifestbuilder.domain;

import io.acu.formats.Sha256;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A hotfix as it arrives, from the upload API or an {@code acu.hotfix.arrived} event, before any check.
 *
 * @param kbNumber e.g. {@code KB2907566}
 * @param title human-readable title (may be empty)
 * @param packageId the package it updates, as given (checked by intake)
 * @param channel {@code API} or {@code EVENT}
 * @param sourceEventId the HotfixArrived event ID for {@code EVENT}; null otherwise
 * @param files the files, in the order given
 * @param allowDowngrade whether a file may replace its item with a lower version (see {@link ManifestRebuild});
 *     false unless the sender says so
 */
public record HotfixRequest(String kbNumber, String title, String packageId, String channel, UUID sourceEventId, List<IncomingFile> files,
        boolean allowDowngrade) {

    /** Copies the file list; null lists become empty (intake refuses them with a reason). */
    public HotfixRequest {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /**
     * One file of a hotfix and what its sender declares about it.
     *
     * @param fileName the manifest Item FileName
     * @param source where the bytes are
     * @param declaredSha256 the hash the sender says the file has, hex; null if none
     * @param declaredVersion the version the sender says the file has; null to read it from the file
     * @param installOrder Installation Order to set; null to keep or append
     * @param installationType InstallationType to set; null to keep or derive
     * @param discoveryIdentifier Discovery Identifier for a new item; null for the default
     */
    public record IncomingFile(String fileName, ContentSource source, String declaredSha256, String declaredVersion,
            Integer installOrder, String installationType, String discoveryIdentifier) {
        /** @throws NullPointerException if {@code source} is null */
        public IncomingFile {
            Objects.requireNonNull(source, "source");
        }
    }

    /** Where a hotfix file's bytes are. */
    public sealed interface ContentSource permits Upload, InLibrary, Remote {
    }

    /** A file uploaded to local disk (the HTTP layer's temporary file). */
    public record Upload(Path path) implements ContentSource {
    }

    /** Content already in the source content library. */
    public record InLibrary(Sha256 sha256) implements ContentSource {
    }

    /** Content to fetch over HTTP(S). */
    public record Remote(URI url) implements ContentSource {
    }
}

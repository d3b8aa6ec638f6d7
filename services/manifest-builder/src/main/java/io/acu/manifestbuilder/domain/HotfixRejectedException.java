package io.acu.manifestbuilder.domain;

import java.util.Objects;

/**
 * A hotfix (or one of its files) that manifest-builder refuses, with the reason in plain words, e.g.
 * {@code SCEPInstall.exe: declared sha256 EEBF... but the file hashes to B033...}. Nothing of a refused hotfix is
 * kept: no package version, no hotfix record, no event; no file in the content library either, except when the
 * refusal comes under the package lock, after the files were committed (a concurrent change, a downgrade): the
 * library is content-addressed, so such a file stays there unreferenced.
 */
public class HotfixRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why, in the terms an HTTP adapter maps to a status. */
    public enum Kind {
        /** Malformed request: missing parts, bad names, duplicates, bad package ID (HTTP 400). */
        INVALID,
        /** Well-formed but unusable: no readable version, hash mismatch, untrusted publisher (HTTP 422). */
        UNPROCESSABLE,
        /** A file over the configured size limit (HTTP 413). */
        TOO_LARGE,
        /** The package is not known to manifest-builder (HTTP 404). */
        UNKNOWN_PACKAGE,
        /** Another change to the same package won the race, or the package already exists (HTTP 409). */
        CONFLICT,
        /**
         * A file's version is lower than the package's current one and the hotfix does not allow downgrades
         * ({@link ManifestRebuild.Downgrade}; HTTP 409). Not retried: sending it again changes nothing.
         */
        DOWNGRADE
    }

    private final Kind kind;

    /**
     * @param kind the category
     * @param reason the human-readable reason, used as the message
     */
    public HotfixRejectedException(Kind kind, String reason) {
        super(reason);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** The category of the refusal. */
    public Kind kind() {
        return kind;
    }
}

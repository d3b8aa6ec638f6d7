package io.acu.manifestbuilder.domain;

import java.util.Objects;

/**
 * A hotfix (or one of its files) that manifest-builder refuses, with the reason in plain words, e.g.
 * {@code SCEPInstall.exe: declared sha256 EEBF... but the file hashes to B033...}. Nothing of a refused hotfix is
 * kept: no file in the content library, no package version, no event.
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
        CONFLICT
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

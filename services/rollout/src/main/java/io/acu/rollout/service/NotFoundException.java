package io.acu.rollout.service;

/** A package, package version or rollout rollout does not know (HTTP 404 with the reason). */
public final class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is not known, e.g. {@code CAS00006 v9 is not a known package version} */
    public NotFoundException(String message) {
        super(message, null, false, false);
    }
}

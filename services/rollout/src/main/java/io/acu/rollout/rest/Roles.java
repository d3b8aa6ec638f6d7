package io.acu.rollout.rest;

/** The bearer-token groups rollout's API checks (the same as manifest-builder's). */
public final class Roles {
    /** Changes: plans, settings, promote, pause, resume, revoke. */
    public static final String ADMIN = "acu-admin";
    /** Reads: rollouts, plans, settings. */
    public static final String VIEWER = "acu-viewer";

    private Roles() {
    }
}

package io.acu.manifestbuilder.rest;

/**
 * Role names in the bearer JWT's {@code groups} claim (MicroProfile JWT RBAC): writes need {@link #ADMIN}, reads
 * {@link #VIEWER} or {@link #ADMIN}, the source share {@link #DP_CONTENT} (dp-content's service token) or
 * {@link #ADMIN}.
 */
public final class Roles {

    /** Administrators: hotfix upload, package import. */
    public static final String ADMIN = "acu-admin";
    /** Read-only operators: packages, versions, manifests, diffs. */
    public static final String VIEWER = "acu-viewer";
    /** dp-content's service identity: the source share. */
    public static final String DP_CONTENT = "acu-dp-content";

    private Roles() {
    }
}

package io.acu.fleetsim.domain;

import java.util.List;

/**
 * How one client's upgrade attempt ended.
 *
 * @param kind the result
 * @param fspStateId the topic-800 state it reported to the fallback status point, or 0 when it sent none
 * @param epStateId the topic-2001 state it reported, or 0 when it sent none
 * @param installedFiles the manifest items it downloaded and installed, in install order
 * @param detail a human explanation (which file, which hash, which error)
 */
public record UpgradeOutcome(Kind kind, int fspStateId, int epStateId, List<String> installedFiles, String detail) {

    /** The result of an attempt. */
    public enum Kind {
        /** Needed items downloaded, verified and installed; the EP agent is managed. */
        UPGRADED,
        /** Nothing in the manifest was needed: the client was already current. */
        ALREADY_CURRENT,
        /** A download failed (injected or real): FSP 309. */
        DOWNLOAD_FAILED,
        /** A downloaded file's hash differed from the manifest's: FSP 325. */
        HASH_MISMATCH,
        /** ccmsetup succeeded, the EP agent's install failed: EP 2001/4. */
        EP_INSTALL_FAILED,
        /** The manifest could not be obtained or a status message was not accepted. */
        ERROR
    }

    /** @throws NullPointerException for a missing kind or detail */
    public UpgradeOutcome {
        java.util.Objects.requireNonNull(kind, "kind");
        java.util.Objects.requireNonNull(detail, "detail");
        installedFiles = List.copyOf(installedFiles);
    }
}

package io.acu.formats.catalogue;

import java.util.Optional;

/** The exit codes of ccmsetup.exe, as documented for ConfigMgr client installation. */
public enum CcmSetupExitCode {
    /** 0: setup succeeded. */
    SUCCESS(0, "Success"),
    /** 6: setup failed; the reason is in ccmsetup.log. */
    ERROR(6, "Error"),
    /** 7: a reboot is required to finish. */
    REBOOT_REQUIRED(7, "Reboot required"),
    /** 8: another ccmsetup is already running. */
    SETUP_ALREADY_RUNNING(8, "Setup already running"),
    /** 9: a prerequisite evaluation failed. */
    PREREQUISITE_EVALUATION_FAILURE(9, "Prerequisite evaluation failure"),
    /** 10: the setup manifest's hash validation failed. */
    MANIFEST_HASH_VALIDATION_FAILURE(10, "Setup manifest hash validation failure");

    private final int code;
    private final String description;

    CcmSetupExitCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The process exit code. */
    public int code() {
        return code;
    }

    /** A short human-readable description. */
    public String description() {
        return description;
    }

    /** The constant for an exit code; empty for codes ccmsetup does not document (e.g. MSI errors). */
    public static Optional<CcmSetupExitCode> fromCode(int code) {
        for (CcmSetupExitCode value : values()) {
            if (value.code == code) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}

package io.acu.manifestbuilder.domain;

/**
 * Automatic client upgrade settings that break ConfigMgr's rules, with the rule in plain words, e.g.
 * {@code advertisementDurationDays must be between 1 and 31, was 45}. The stored settings stay as they were.
 */
public class InvalidClientUpgradeSettingsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param reason the human-readable reason, used as the message */
    public InvalidClientUpgradeSettingsException(String reason) {
        super(reason);
    }
}

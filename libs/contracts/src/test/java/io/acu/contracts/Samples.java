package io.acu.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Realistic events of the seed's scenario: the SCEP hotfix KB2907566 turns package CAS00006 version 4 into
 * version 5 (SCEPInstall.exe 4.2.223.0 → 4.3.215.0), dp01 gets it, client WKS-0001 reports back (values from
 * shared/samples), and the rollout of version 5 halts in its pilot ring.
 */
public final class Samples {

    public static final String SCEP_HASH = "B0336B863EE0FEE92A309F1BF1F11B878236D45C60165AAF7A6ED48454262595";
    public static final String CLIENT_ID = "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42";

    private Samples() {
    }

    public static HotfixArrived hotfixArrived() {
        return new HotfixArrived("KB2907566", "Endpoint Protection client update 4.3.215.0", "SCEP", "CAS00006",
                List.of(new HotfixFile("SCEPInstall.exe", SCEP_HASH, null, "4.3.215.0", 17, "NONE")), null);
    }

    public static ManifestUpdated manifestUpdated() {
        return new ManifestUpdated("CAS00006", 5, 4, "5.00.7804.1000", "5.00.7783.1000", "KB2907566",
                List.of(
                        new ManifestItem("x64/MicrosoftPolicyPlatformSetup.msi",
                                "5D3E7F6C1B7A4E0E9A2C1D3B4F5A6B7C8D9E0F1A2B3C4D5E6F708192A3B4C5D6", "1.2.3514.0",
                                2_543_616L, 5, false),
                        new ManifestItem("SCEPInstall.exe", SCEP_HASH, "4.3.215.0", 14_131_712L, 17, true),
                        new ManifestItem("x64/client.msi",
                                "2F0819F959E788CF843F42E9CA7B44E258B8B4BA37BB63902DB39ACF747BE7DA", "5.00.7804.1000",
                                20_303_872L, 20, false)),
                new CabinetFile("ccmsetup.cab", "9C1F0E3A7B2D4C5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6",
                        1_874L,
                        "MEUCIQDb0Wl0mJm9o0x1y8e6yWZcJ3T8y7CkqkqgQfVY3m5bWgIgF1j0r6m2rjCq9mJ2d0T0tqQ5c2n4n3b1oYw0vQ1H3yE=",
                        "SHA256withECDSA", "http://mb:8080/api/signing/verification-key"),
                "http://mb:8080/source/CAS00006/5/");
    }

    public static ContentDistributionStatusChanged distributionInstalled() {
        return new ContentDistributionStatusChanged("CAS00006", 5, "dp01", DistributionState.INSTALLED,
                DistributionState.INSTALL_PENDING, 1, 14_131_712L, null, Instant.parse("2013-09-09T08:12:03.250Z"));
    }

    public static ReportedStateMessage deploymentSucceeded() {
        return new ReportedStateMessage(CLIENT_ID, "WKS-0001", "5.00.7804.1000", 800,
                "{1FFD119F-4ED5-4C9A-9765-CAACE1E26FD7}", 0, 400, "Client deployment succeeded", true, 0,
                Instant.parse("2013-09-09T08:56:47Z"), "20130909085647.000000+000", null,
                List.of("5.0.7804.1000", "Deployment", "[DP] http://dp01.example.test/SMS_DP_SMSPKG$/CAS00006"),
                null);
    }

    public static FspStateMessageReceived fspMessage() {
        return new FspStateMessageReceived(deploymentSucceeded(), Instant.parse("2013-09-09T08:56:48.120Z"),
                "192.0.2.10");
    }

    public static ClientStateMessageReceived epManaged() {
        return new ClientStateMessageReceived(
                new ReportedStateMessage(CLIENT_ID, "WKS-0001", "5.00.7804.1000", 2001,
                        "{9BCF7827-E04F-4C3A-8D8C-B943316A2D7F}", 0, 3, "Managed", true, 0,
                        Instant.parse("2013-09-09T10:39:17Z"), "20130909103917.000000+000", 1187L,
                        List.of("4.3.215.0", "0x00000000"), "0x00000000"),
                Instant.parse("2013-09-09T10:39:17.840Z"), "192.0.2.10");
    }

    /** Version 5's pilot ring trips its gate (14 of 200 failed, 7% over 5%): the rollout halts, both waves wait. */
    public static RolloutStateChanged rolloutHalted() {
        return new RolloutStateChanged("CAS00006", 5, RolloutChange.HALTED, "pilot", RolloutStatus.HALTED,
                List.of(
                        new RingFigures("pilot", RingState.HALTED, 200, 160, 14, 2, 24),
                        new RingFigures("wave-1", RingState.PENDING, 0, 0, 0, 0, 0),
                        new RingFigures("wave-2", RingState.PENDING, 0, 0, 0, 0, 0)),
                List.of(
                        new ErrorCodeCount("0x80070643", "Fatal error during installation", 2001, 4, 12),
                        new ErrorCodeCount("0x80070005", "Access is denied", 2001, 4, 2)),
                "failure share 7.0% over the 5.0% threshold (14 of 200)", RolloutStateChanged.AUTOMATIC_ACTOR,
                Instant.parse("2013-09-10T14:05:00Z"));
    }

    /**
     * The sample ManifestUpdated as manifest-builder wrote it before v2: schema version 1, with the site's client
     * upgrade settings in {@code clientUpgradePolicy} (one excluded client).
     */
    public static String manifestUpdatedV1() {
        ObjectNode json;
        try {
            json = (ObjectNode) EventJson.mapper()
                    .readTree(EventJson.encode(event(EventType.MANIFEST_UPDATED)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        json.put("schemaVersion", 1);
        ((ObjectNode) json.get("payload")).putObject("clientUpgradePolicy")
                .put("enabled", true).put("advertisementDurationDays", 7)
                .put("overrideMaintenanceWindows", false)
                .putArray("excludedClientIds").add("GUID:0C7D1E2F-3A4B-4C5D-8E6F-7A8B9C0D1E2F");
        return json.toString();
    }

    /** The sample payload of a type. */
    public static EventPayload payload(EventType type) {
        return switch (type) {
            case HOTFIX_ARRIVED -> hotfixArrived();
            case MANIFEST_UPDATED -> manifestUpdated();
            case CONTENT_DISTRIBUTION_STATUS_CHANGED -> distributionInstalled();
            case FSP_STATE_MESSAGE_RECEIVED -> fspMessage();
            case CLIENT_STATE_MESSAGE_RECEIVED -> epManaged();
            case ROLLOUT_STATE_CHANGED -> rolloutHalted();
        };
    }

    /** The sample event of a type, with a fixed ID and time so its JSON is stable. */
    public static EventEnvelope<EventPayload> event(EventType type) {
        EventPayload payload = payload(type);
        return new EventEnvelope<>(UUID.nameUUIDFromBytes(type.typeName().getBytes()), type.typeName(), type.schemaVersion(),
                Instant.parse("2013-09-09T08:00:00Z"), source(type), payload);
    }

    private static String source(EventType type) {
        return switch (type) {
            case HOTFIX_ARRIVED -> "admin-api";
            case MANIFEST_UPDATED -> "manifest-builder";
            case CONTENT_DISTRIBUTION_STATUS_CHANGED -> "dp-content";
            case FSP_STATE_MESSAGE_RECEIVED -> "fsp";
            case CLIENT_STATE_MESSAGE_RECEIVED -> "state-ingest";
            case ROLLOUT_STATE_CHANGED -> "rollout";
        };
    }
}

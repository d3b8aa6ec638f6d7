package io.acu.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadTest {

    @Test
    void stateMessageTextsAreBoundedAndFreeOfNul() {
        ReportedStateMessage ok = Samples.deploymentSucceeded();
        assertThatThrownBy(() -> new ReportedStateMessage("GUID:" + "A".repeat(200), ok.netbiosName(), ok.clientVersion(), ok.topicType(),
                ok.topicId(), ok.topicIdType(), ok.stateId(), ok.stateName(), ok.knownState(), ok.criticality(), ok.messageTime(),
                ok.messageTimeWmi(), ok.serialNumber(), ok.userParameters(), ok.errorCode()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("clientId is 205 characters long, at most 128 allowed");
        assertThatThrownBy(() -> new ReportedStateMessage(ok.clientId(), "WKS\u0000", ok.clientVersion(), ok.topicType(),
                ok.topicId(), ok.topicIdType(), ok.stateId(), ok.stateName(), ok.knownState(), ok.criticality(), ok.messageTime(),
                ok.messageTimeWmi(), ok.serialNumber(), ok.userParameters(), ok.errorCode()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("netbiosName contains a NUL character");
        assertThatThrownBy(() -> new ReportedStateMessage(ok.clientId(), ok.netbiosName(), ok.clientVersion(), ok.topicType(),
                ok.topicId(), ok.topicIdType(), ok.stateId(), ok.stateName(), ok.knownState(), ok.criticality(), ok.messageTime(),
                ok.messageTimeWmi(), ok.serialNumber(), java.util.Collections.nCopies(33, "x"), ok.errorCode()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("userParameters has 33 entries, at most 32");
    }

    @Test
    void hashesAreStoredUpperCaseAndMustBe64HexDigits() {
        ManifestItem item = new ManifestItem("SCEPInstall.exe", Samples.SCEP_HASH.toLowerCase(), "4.3.215.0", 1, 17,
                true);
        assertThat(item.sha256()).isEqualTo(Samples.SCEP_HASH);
        assertThatThrownBy(() -> new ManifestItem("SCEPInstall.exe", "B0336B86", "4.3.215.0", 1, 17, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sha256 must be 64 hex digits");
        assertThatThrownBy(() -> new HotfixFile("SCEPInstall.exe", Samples.SCEP_HASH.replace('B', 'G'), null, null,
                null, null)).hasMessageContaining("sha256");
    }

    @Test
    void packageIdsAreSiteCodeAndFiveHexDigits() {
        assertThatThrownBy(() -> new ContentDistributionStatusChanged("CAS0006", 5, "dp01",
                DistributionState.INSTALLED, null, 1, 0, null, Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("packageId");
        assertThatThrownBy(() -> new ContentDistributionStatusChanged("CAS0000G", 5, "dp01",
                DistributionState.INSTALLED, null, 1, 0, null, Instant.EPOCH))
                .hasMessageContaining("CAS0000G");
    }

    @Test
    void aHotfixFileNeedsAHashOrAUrl() {
        assertThat(new HotfixFile("SCEPInstall.exe", null, "https://feed.example.test/SCEPInstall.exe", null, null,
                null).sourceUrl()).isNotNull();
        assertThatThrownBy(() -> new HotfixFile("SCEPInstall.exe", null, null, "4.3.215.0", 17, "NONE"))
                .hasMessage("file SCEPInstall.exe needs a sha256 or a sourceUrl");
    }

    @Test
    void listsAreCopiedAndImmutable() {
        ReportedStateMessage m = Samples.deploymentSucceeded();
        List<String> parameters = new ArrayList<>(List.of("5.0.7804.1000"));
        ReportedStateMessage copy = withParameters(m, parameters);
        parameters.add("Deployment");
        assertThat(copy.userParameters()).containsExactly("5.0.7804.1000");
        assertThatThrownBy(() -> copy.userParameters().add("[DP]"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> withParameters(m, Arrays.asList("5.0.7804.1000", null)))
                .hasMessage("userParameters[1] is null");
    }

    @Test
    void aManifestNeedsItemsAndIncreasingVersions() {
        ManifestUpdated sample = Samples.manifestUpdated();
        assertThatThrownBy(() -> new ManifestUpdated("CAS00006", 5, 5, "5.00.7804.1000", "5.00.7783.1000", null,
                sample.items(), sample.cab(), sample.contentSourceUrl()))
                .hasMessageContaining("previousPackageVersion 5 must be lower than packageVersion 5");
        assertThatThrownBy(() -> new ManifestUpdated("CAS00006", 1, null, "5.00.7804.1000", "5.00.7783.1000", null,
                List.of(), sample.cab(), sample.contentSourceUrl()))
                .hasMessage("items must not be empty");
        assertThat(new ManifestUpdated("CAS00006", 1, null, "5.00.7804.1000", "5.00.7783.1000", null, sample.items(),
                sample.cab(), sample.contentSourceUrl()).previousPackageVersion())
                .isNull();
    }

    @Test
    void knownStateMeansTheCatalogueNamedIt() {
        assertThatThrownBy(() -> new ReportedStateMessage(Samples.CLIENT_ID, "WKS-0001", "5.00.7804.1000", 800,
                "{1FFD119F-4ED5-4C9A-9765-CAACE1E26FD7}", 0, 999, null, true, 0, Instant.EPOCH,
                "19700101000000.000000+000", null, List.of(), null))
                .hasMessageContaining("knownState is true but stateName is null");
        ReportedStateMessage unknown = new ReportedStateMessage(Samples.CLIENT_ID, "WKS-0001", "5.00.7804.1000", 800,
                "{1FFD119F-4ED5-4C9A-9765-CAACE1E26FD7}", 0, 999, null, false, 0, Instant.EPOCH,
                "19700101000000.000000+000", null, List.of(), null);
        assertThat(unknown.knownState()).isFalse();
    }

    @Test
    void distributionStatesCarryConfigMgrCodes() {
        assertThat(DistributionState.values()).extracting(DistributionState::code)
                .containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(DistributionState.values()).extracting(Enum::name).containsExactly("INSTALLED", "INSTALL_PENDING",
                "INSTALL_RETRYING", "INSTALL_FAILED", "REMOVAL_PENDING", "REMOVAL_RETRYING", "REMOVAL_FAILED");
        for (DistributionState state : DistributionState.values()) {
            assertThat(DistributionState.fromCode(state.code())).isEqualTo(state);
        }
        assertThat(DistributionState.fromCode(2)).isEqualTo(DistributionState.INSTALL_RETRYING);
        assertThatThrownBy(() -> DistributionState.fromCode(7)).hasMessage("Unknown distribution state code 7");
        assertThatThrownBy(() -> DistributionState.fromCode(-1)).hasMessage("Unknown distribution state code -1");
    }

    @Test
    void aMessageTimeOutsideWhatASiteStoresIsRefused() {
        ReportedStateMessage managed = Samples.epManaged().message();
        assertThatThrownBy(() -> withTime(managed, Instant.parse("0000-12-31T22:30:00Z"), "00010101003000.000000+120"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MessageTime 00010101003000.000000+120 is 0000-12-31T22:30:00Z in UTC, outside 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999Z");
        assertThatThrownBy(() -> withTime(managed, Instant.parse("+10000-01-01T04:00:00Z"), "99991231230000.000000-300"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
        assertThat(withTime(managed, ReportedStateMessage.EARLIEST_MESSAGE_TIME, "00010101000000.000000+000").messageTime())
                .isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        assertThat(withTime(managed, ReportedStateMessage.LATEST_MESSAGE_TIME, "99991231235959.999999+000").messageTime())
                .isEqualTo(Instant.parse("9999-12-31T23:59:59.999999Z"));
    }

    @Test
    void aRolloutChangeNamesOneOfItsRingsWhenItIsAboutARing() {
        RolloutStateChanged halted = Samples.rolloutHalted();
        assertThatThrownBy(() -> withChange(halted, RolloutChange.RING_PASSED, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ring is required for a RING_PASSED change");
        assertThatThrownBy(() -> withChange(halted, RolloutChange.RING_STARTED, "wave-3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ring 'wave-3' is not one of the rings");
        assertThatThrownBy(() -> withChange(halted, RolloutChange.PAUSED, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ring must not be blank");
        assertThat(withChange(halted, RolloutChange.REVOKED, null).ring()).isNull();
        assertThat(withChange(halted, RolloutChange.PROMOTED, "wave-1").ring()).isEqualTo("wave-1");
        assertThat(RolloutChange.values()).filteredOn(RolloutChange::aboutARing).containsExactly(
                RolloutChange.RING_STARTED, RolloutChange.RING_PASSED, RolloutChange.AWAITING_PROMOTION,
                RolloutChange.PROMOTED);
    }

    @Test
    void aRolloutHasUniquelyNamedRingsAndCopiesItsLists() {
        RolloutStateChanged halted = Samples.rolloutHalted();
        RingFigures pilot = halted.rings().get(0);
        assertThatThrownBy(() -> withRings(halted, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rings must not be empty");
        assertThatThrownBy(() -> withRings(halted, List.of(pilot, pilot)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rings name 'pilot' twice");
        List<RingFigures> rings = new ArrayList<>(halted.rings());
        RolloutStateChanged copy = withRings(halted, rings);
        rings.clear();
        assertThat(copy.rings()).hasSize(3);
        assertThatThrownBy(() -> copy.topErrorCodes().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new RolloutStateChanged("CAS6", 5, RolloutChange.STARTED, null,
                RolloutStatus.WAITING_FOR_CONTENT, halted.rings(), List.of(), null, null, Instant.EPOCH))
                .hasMessageContaining("packageId");
        assertThatThrownBy(() -> new RolloutStateChanged("CAS00006", 0, RolloutChange.STARTED, null,
                RolloutStatus.WAITING_FOR_CONTENT, halted.rings(), List.of(), null, null, Instant.EPOCH))
                .hasMessage("packageVersion must be at least 1, was 0");
    }

    @Test
    void ringFiguresAndErrorCodeCountsAreNamedAndNotNegative() {
        assertThatThrownBy(() -> new RingFigures(" ", RingState.ACTIVE, 1, 0, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ring must not be blank");
        assertThatThrownBy(() -> new RingFigures("pilot", RingState.ACTIVE, 1, 0, 0, -1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("stalled must not be negative, was -1");
        assertThatThrownBy(() -> new RingFigures("pilot", null, 1, 0, 0, 0, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("state is required");
        assertThatThrownBy(() -> new ErrorCodeCount("", null, 2001, 4, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("errorCode must not be blank");
        assertThatThrownBy(() -> new ErrorCodeCount("0x80070643", null, 2001, 4, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("clients must not be negative, was -1");
        assertThat(new ErrorCodeCount("0x80070643", null, 2001, 4, 12).name()).isNull();
    }

    private static ReportedStateMessage withTime(ReportedStateMessage m, Instant time, String wmi) {
        return new ReportedStateMessage(m.clientId(), m.netbiosName(), m.clientVersion(), m.topicType(), m.topicId(), m.topicIdType(),
                m.stateId(), m.stateName(), m.knownState(), m.criticality(), time, wmi, m.serialNumber(), m.userParameters(), m.errorCode());
    }

    private static ReportedStateMessage withParameters(ReportedStateMessage m, List<String> userParameters) {
        return new ReportedStateMessage(m.clientId(), m.netbiosName(), m.clientVersion(), m.topicType(), m.topicId(), m.topicIdType(),
                m.stateId(), m.stateName(), m.knownState(), m.criticality(), m.messageTime(), m.messageTimeWmi(), m.serialNumber(),
                userParameters, m.errorCode());
    }

    private static RolloutStateChanged withChange(RolloutStateChanged r, RolloutChange change, String ring) {
        return new RolloutStateChanged(r.packageId(), r.packageVersion(), change, ring, r.status(), r.rings(),
                r.topErrorCodes(), r.reason(), r.actor(), r.changedAt());
    }

    private static RolloutStateChanged withRings(RolloutStateChanged r, List<RingFigures> rings) {
        return new RolloutStateChanged(r.packageId(), r.packageVersion(), r.change(), r.ring(), r.status(), rings,
                r.topErrorCodes(), r.reason(), r.actor(), r.changedAt());
    }
}

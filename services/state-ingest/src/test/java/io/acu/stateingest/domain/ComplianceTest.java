package io.acu.stateingest.domain;

import io.acu.formats.catalogue.StateOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.ReportedStateMessage;
import io.acu.formats.Version;
import io.acu.formats.catalogue.StateCatalogue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class ComplianceTest {

    private static final Version SCEP_TARGET = Version.parse("4.3.215.0");

    @Test
    void outcomesFollowTheCatalogue() {
        assertThat(StateOutcome.of(800, 400, true)).isEqualTo(StateOutcome.SUCCEEDED);
        assertThat(StateOutcome.of(800, 325, true)).isEqualTo(StateOutcome.FAILED);
        assertThat(StateOutcome.of(800, 605, true)).isEqualTo(StateOutcome.FAILED);
        assertThat(StateOutcome.of(800, 100, true)).isEqualTo(StateOutcome.IN_PROGRESS);
        assertThat(StateOutcome.of(2001, 3, true)).isEqualTo(StateOutcome.SUCCEEDED);
        assertThat(StateOutcome.of(2001, 4, true)).isEqualTo(StateOutcome.FAILED);
        assertThat(StateOutcome.of(2001, 2, true)).isEqualTo(StateOutcome.IN_PROGRESS);
        assertThat(StateOutcome.of(2001, 99, false)).isEqualTo(StateOutcome.UNKNOWN);
        assertThat(StateOutcome.failureStates(2001)).containsExactly(4, 6);
        assertThat(StateOutcome.failureStates(800)).hasSize(29 + 9).contains(301, 325, 329, 601, 609).doesNotContain(400, 330);
    }

    @Test
    void classifiesClientsAgainstTheTargetComparingVersionsNumerically() {
        assertThat(ComplianceState.classify(StateOutcome.SUCCEEDED, Version.parse("4.3.0215.0000"), SCEP_TARGET)).isEqualTo(ComplianceState.ON_TARGET);
        assertThat(ComplianceState.classify(StateOutcome.SUCCEEDED, Version.parse("4.2.223.0"), SCEP_TARGET)).isEqualTo(ComplianceState.PENDING);
        assertThat(ComplianceState.classify(StateOutcome.SUCCEEDED, null, SCEP_TARGET)).isEqualTo(ComplianceState.UNKNOWN);
        assertThat(ComplianceState.classify(StateOutcome.IN_PROGRESS, SCEP_TARGET, SCEP_TARGET)).isEqualTo(ComplianceState.PENDING);
        assertThat(ComplianceState.classify(StateOutcome.FAILED, SCEP_TARGET, SCEP_TARGET)).isEqualTo(ComplianceState.FAILED);
    }

    @Test
    void aggregatesGroupsByStateAndMergesEqualVersions() {
        Compliance compliance = Compliance.of(2001, SCEP_TARGET, List.of(
                new Compliance.Group(3, true, "4.3.215.0", 1600),
                new Compliance.Group(3, true, "4.3.0215.0", 5),
                new Compliance.Group(3, true, "4.2.223.0", 200),
                new Compliance.Group(4, true, "4.3.215.0", 150),
                new Compliance.Group(4, true, null, 50),
                new Compliance.Group(99, false, null, 7)));
        assertThat(compliance.clients()).isEqualTo(2012);
        assertThat(compliance.byState()).isEqualTo(Map.of(ComplianceState.ON_TARGET, 1605L, ComplianceState.PENDING, 200L,
                ComplianceState.FAILED, 200L, ComplianceState.UNKNOWN, 7L));
        assertThat(compliance.byVersion()).containsExactly(new Compliance.VersionCount("4.3.215.0", 1755),
                new Compliance.VersionCount("4.2.223.0", 200), new Compliance.VersionCount(null, 57));
    }

    @Test
    void theReportedVersionIsTheFirstParameterOfClientAndEpDeploymentMessages() {
        assertThat(StateMessageRecord.reportedVersion(message(800, List.of("5.0.7804.1000", "Deployment")))).isEqualTo("5.0.7804.1000");
        assertThat(StateMessageRecord.reportedVersion(message(2001, List.of("4.3.215.0", "0x00000000")))).isEqualTo("4.3.215.0");
        assertThat(StateMessageRecord.reportedVersion(message(800, List.of("SCEPInstall.exe", "0x80091007")))).isNull();
        assertThat(StateMessageRecord.reportedVersion(message(2002, List.of("1.0")))).isNull();
        assertThat(StateMessageRecord.reportedVersion(message(2001, List.of()))).isNull();
    }

    @Test
    void anEventOfATopicTypeOutsideTheCatalogueIsRefused() {
        Assertions.assertThatThrownBy(() -> StateMessageRecord.of(UUID.randomUUID(), "acu.fsp.messages", message(4242, List.of()),
                Instant.EPOCH, "192.0.2.1", StateCatalogue.standard())).hasMessage("unknown topic type 4242 (known: [800, 2001, 2002])");
    }

    private static ReportedStateMessage message(int topicType, List<String> params) {
        return new ReportedStateMessage("GUID:1", "WKS-1", "5.00.7804.1000", topicType, "{T}", 0, 1, null, false, 0,
                Instant.EPOCH, "19700101000000.000000+000", null, params, null);
    }
}

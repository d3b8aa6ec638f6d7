package io.acu.fleetsim.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.formats.Sha256;
import io.acu.formats.Version;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import io.acu.formats.ccmsetup.InstalledItem;
import io.acu.formats.statemessage.Report;
import io.acu.formats.statemessage.StateMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ccmsetup's upgrade task against the seed's manifests (CAS00006 v4 → v5), with a fake network. */
class ClientUpgradeTest {

    private static final Instant AT = Instant.parse("2026-12-02T23:10:00Z");
    private static final Sha256 SCEP_V5 = Sha256.parse("B0336B863EE0FEE92A309F1BF1F11B878236D45C60165AAF7A6ED48454262595");
    private static final SimulatedClient CLIENT = new SimulatedClient(0, "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42", "WKS-00001", "BG-HQ",
            Version.parse("5.00.7804.1000"), Version.parse("4.2.223.1"), List.of());

    private CcmSetupManifest before;
    private CcmSetupManifest after;
    private FakeNetwork network;
    private Map<String, InstalledItem> installed;

    @BeforeEach
    void setUp() throws IOException {
        before = FakeNetwork.sample("ccmsetup-before.xml");
        after = FakeNetwork.sample("ccmsetup-after.xml");
        network = new FakeNetwork(after);
        installed = ClientUpgrade.installedFrom(before, Map.of("SCEPInstall.exe", Version.parse("4.2.223.1")));
    }

    @Test
    void downloadsOnlyTheChangedScepInstallerAndReportsSuccess() {
        UpgradeOutcome outcome = ClientUpgrade.run(CLIENT, installed, network, InjectedFailure.NONE, AT, 7, new SplittableRandom(1));

        assertThat(outcome.kind()).isEqualTo(UpgradeOutcome.Kind.UPGRADED);
        assertThat(outcome.installedFiles()).containsExactly("SCEPInstall.exe");
        assertThat(network.downloaded).containsExactly("SCEPInstall.exe");
        assertThat(installed.get("SCEPInstall.exe")).isEqualTo(InstalledItem.present(SCEP_V5, Version.parse("4.3.215.0")));

        StateMessage fsp = only(network.fsp);
        assertThat(fsp.topic().type()).isEqualTo(800);
        assertThat(fsp.state().id()).isEqualTo(400);
        assertThat(fsp.serialNumber()).isEmpty();
        assertThat(fsp.userParameters().params()).containsExactly("5.00.7804.1000", "Deployment", "[DP] http://dp01/SMS_DP_SMSPKG$/CAS00006");
        assertThat(fsp.messageTime().toInstant()).isEqualTo(AT);

        StateMessage ep = only(network.stateMessages);
        assertThat(ep.topic().type()).isEqualTo(2001);
        assertThat(ep.state().id()).isEqualTo(3);
        assertThat(ep.serialNumber()).hasValue(7);
        assertThat(ep.userParameters().params()).containsExactly("4.3.215.0", "0x00000000");

        // Run again: nothing is needed any more, nothing is sent.
        UpgradeOutcome again = ClientUpgrade.run(CLIENT, installed, network, InjectedFailure.NONE, AT, 8, new SplittableRandom(2));
        assertThat(again.kind()).isEqualTo(UpgradeOutcome.Kind.ALREADY_CURRENT);
        assertThat(network.fsp).hasSize(1);
    }

    @Test
    void aCorruptedDownloadIsCaughtByTheHashCheckAndReportedAs325() {
        UpgradeOutcome outcome = ClientUpgrade.run(CLIENT, installed, network, InjectedFailure.HASH_MISMATCH, AT, 7, new SplittableRandom(1));

        assertThat(outcome.kind()).isEqualTo(UpgradeOutcome.Kind.HASH_MISMATCH);
        assertThat(outcome.detail()).contains("SCEPInstall.exe").contains(SCEP_V5.toString());
        assertThat(only(network.fsp).state().id()).isEqualTo(325);
        assertThat(network.stateMessages).isEmpty();
        assertThat(installed.get("SCEPInstall.exe")).isEqualTo(InstalledItem.present(before.item("SCEPInstall.exe").orElseThrow().fileHash(),
                Version.parse("4.2.223.1")));
    }

    @Test
    void downloadAndInstallFailuresReportWhatCcmsetupAndTheAgentWould() {
        UpgradeOutcome download = ClientUpgrade.run(CLIENT, installed, network, InjectedFailure.DOWNLOAD_FAILURE, AT, 7, new SplittableRandom(1));
        assertThat(download.kind()).isEqualTo(UpgradeOutcome.Kind.DOWNLOAD_FAILED);
        assertThat(only(network.fsp).state().id()).isEqualTo(309);
        assertThat(network.downloaded).isEmpty();

        network.fsp.clear();
        UpgradeOutcome install = ClientUpgrade.run(CLIENT, installed, network, InjectedFailure.INSTALL_FAILURE, AT, 8, new SplittableRandom(1));
        assertThat(install.kind()).isEqualTo(UpgradeOutcome.Kind.EP_INSTALL_FAILED);
        assertThat(only(network.fsp).state().id()).isEqualTo(400);
        StateMessage ep = only(network.stateMessages);
        assertThat(ep.state().id()).isEqualTo(4);
        // The failed agent still runs the version it had: compliance must not count it on the target version.
        assertThat(ep.userParameters().params()).containsExactly("4.2.223.1", "0x80070643");
    }

    @Test
    void anUnreachableDistributionPointIsABitsFailure() {
        network.manifestUnavailable = true;
        UpgradeOutcome outcome = ClientUpgrade.run(CLIENT, installed, network, InjectedFailure.NONE, AT, 7, new SplittableRandom(1));
        assertThat(outcome.kind()).isEqualTo(UpgradeOutcome.Kind.DOWNLOAD_FAILED);
        assertThat(outcome.detail()).contains("503");
        assertThat(only(network.fsp).state().id()).isEqualTo(309);
    }

    private static StateMessage only(List<Report> reports) {
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).messages()).hasSize(1);
        return reports.get(0).messages().get(0);
    }

}

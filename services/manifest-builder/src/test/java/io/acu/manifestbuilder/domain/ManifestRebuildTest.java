package io.acu.manifestbuilder.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.formats.Sha256;
import io.acu.formats.Version;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import io.acu.formats.ccmsetup.CcmSetupXml;
import io.acu.formats.ccmsetup.ManifestDiff;
import io.acu.formats.ccmsetup.ManifestItem;
import io.acu.manifestbuilder.support.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rebuild rules on the seed's CAS00006 v4 manifest. */
class ManifestRebuildTest {

    private static final CcmSetupManifest V4 = CcmSetupXml.read(Fixtures.ccmsetupBefore());
    private static final Sha256 SCEP_V4 = Sha256.parse("EEBF8FBE6920D51B2728DE6303457F25DE302C1E3A5742ED175D281CAEC276BD");
    private static final Sha256 SCEP_V5 = Sha256.parse("B0336B863EE0FEE92A309F1BF1F11B878236D45C60165AAF7A6ED48454262595");
    /** A build no item has. */
    private static final Sha256 OTHER = Sha256.compute(new byte[] {4, 2});

    @Test
    void aNewScepBuildReplacesExactlyThatItemAndBumpsTheVersion() {
        ManifestRebuild.Outcome outcome = ManifestRebuild.apply(V4, List.of(file("SCEPInstall.exe", SCEP_V5, "4.3.215.0")), false);

        assertThat(outcome).isInstanceOf(ManifestRebuild.Changed.class);
        ManifestRebuild.Changed changed = (ManifestRebuild.Changed) outcome;
        assertThat(changed.manifest().packageVersion()).isEqualTo(5);
        assertThat(changed.changedFileNames()).containsExactly("SCEPInstall.exe");
        ManifestDiff diff = ManifestDiff.between(V4, changed.manifest());
        assertThat(diff.added()).isEmpty();
        assertThat(diff.removed()).isEmpty();
        assertThat(diff.changed()).extracting(ManifestItem::fileName).containsExactly("SCEPInstall.exe");
        ManifestItem scep = changed.manifest().item("SCEPInstall.exe").orElseThrow();
        assertThat(scep.fileHash()).isEqualTo(SCEP_V5);
        assertThat(scep.discovery().versionRule().toString()).isEqualTo(">= 4.3.215.0");
        assertThat(scep.installation().order()).isEqualTo(17);
        // The result is the shared "after" sample, byte for byte.
        assertThat(new String(CcmSetupXml.write(changed.manifest()))).isEqualTo(new String(CcmSetupXml.write(
                CcmSetupXml.read(Fixtures.bytes("samples/ccmsetup-before.xml")).withItem(scep).withPackageVersion(5))));
    }

    @Test
    void theSameHashInAnyCaseChangesNothing() {
        ManifestRebuild.Outcome outcome = ManifestRebuild.apply(V4,
                List.of(file("scepinstall.EXE", Sha256.parse(SCEP_V4.hex().toLowerCase()), "4.2.223.0")), false);
        assertThat(outcome).isEqualTo(new ManifestRebuild.Unchanged(V4));
    }

    @Test
    void aNewFileIsAppendedWithDefaultsAfterTheLastItem() {
        Sha256 hash = Sha256.compute(new byte[] {1, 2, 3});
        ManifestRebuild.Changed changed = (ManifestRebuild.Changed) ManifestRebuild.apply(V4,
                List.of(file("x64/WindowsUpdateAgent.msi", hash, "7.6.7600.256")), false);
        ManifestItem item = changed.manifest().items().get(3);
        assertThat(item.fileName()).isEqualTo("x64/WindowsUpdateAgent.msi");
        assertThat(item.installation().order()).isEqualTo(21);
        assertThat(item.installation().installationType()).isEqualTo("MSI");
        assertThat(item.discovery().identifier()).isEqualTo("%windir%\\ccmsetup\\x64\\WindowsUpdateAgent.msi");
        assertThat(item.discovery().verifyHash()).isTrue();
        assertThat(item.keepAfterExit()).isFalse();
        assertThat(changed.manifest().packageVersion()).isEqualTo(5);
    }

    @Test
    void givenOrderAndTypeOverrideTheReplacedItems() {
        ResolvedFile scep = new ResolvedFile("SCEPInstall.exe", SCEP_V5, Version.parse("4.3.215.0"), 10, 3, "EXE", null);
        ManifestRebuild.Changed changed = (ManifestRebuild.Changed) ManifestRebuild.apply(V4, List.of(scep), false);
        ManifestItem item = changed.manifest().item("SCEPInstall.exe").orElseThrow();
        assertThat(item.installation().order()).isEqualTo(3);
        assertThat(item.installation().installationType()).isEqualTo("EXE");
        assertThat(changed.manifest().itemsInInstallOrder().get(0).fileName()).isEqualTo("SCEPInstall.exe");
    }

    @Test
    void sameInputsGiveTheSameManifestBytes() {
        List<ResolvedFile> files = List.of(file("SCEPInstall.exe", SCEP_V5, "4.3.215.0"));
        byte[] first = CcmSetupXml.write(((ManifestRebuild.Changed) ManifestRebuild.apply(V4, files, false)).manifest());
        byte[] second = CcmSetupXml.write(((ManifestRebuild.Changed) ManifestRebuild.apply(V4, files, false)).manifest());
        assertThat(first).isEqualTo(second);
        assertThat(ManifestPackaging.cabinet(first)).isEqualTo(ManifestPackaging.cabinet(second));
    }

    // Anti-rollback: V4 has SCEPInstall.exe 4.2.223.0 and x64/client.msi 5.00.7804.1000.

    @Test
    void aLowerVersionIsRefusedNamingTheFileAndBothVersions() {
        ManifestRebuild.Outcome outcome = ManifestRebuild.apply(V4, List.of(file("SCEPInstall.exe", OTHER, "4.1.100.0")), false);

        assertThat(outcome).isInstanceOf(ManifestRebuild.Downgrade.class);
        assertThat(((ManifestRebuild.Downgrade) outcome).reason())
                .isEqualTo("SCEPInstall.exe 4.1.100.0 is lower than 4.2.223.0 in CAS00006 v4; set allowDowngrade to apply it");
    }

    @Test
    void everyLowerFileIsNamedAndNoneOfTheHotfixIsApplied() {
        ManifestRebuild.Outcome outcome = ManifestRebuild.apply(V4, List.of(
                file("x64/client.msi", OTHER, "5.00.7804.0999"),
                file("x64/WindowsUpdateAgent.msi", OTHER, "7.6.7600.256"),
                file("scepinstall.exe", SCEP_V5, "4.2.222.9")), false);

        ManifestRebuild.Downgrade downgrade = (ManifestRebuild.Downgrade) outcome;
        assertThat(downgrade.current()).isSameAs(V4);
        assertThat(downgrade.files()).extracting(ManifestRebuild.LowerVersion::fileName)
                .containsExactly("x64/client.msi", "SCEPInstall.exe");
        assertThat(downgrade.reason()).isEqualTo("x64/client.msi 5.00.7804.0999 is lower than 5.00.7804.1000, SCEPInstall.exe 4.2.222.9"
                + " is lower than 4.2.223.0 in CAS00006 v4; set allowDowngrade to apply them");
    }

    @Test
    void anEqualVersionIsNotADowngrade() {
        assertThat(scepVersionAfter(V4, "4.2.223.0", false)).isEqualTo(">= 4.2.223.0");
    }

    @Test
    void aHigherVersionIsNotADowngrade() {
        assertThat(scepVersionAfter(V4, "4.3.215.0", false)).isEqualTo(">= 4.3.215.0");
    }

    @Test
    void leadingZerosAreInsignificant() {
        CcmSetupManifest v5 = ((ManifestRebuild.Changed) ManifestRebuild.apply(V4,
                List.of(file("SCEPInstall.exe", SCEP_V5, "4.3.215.0")), false)).manifest();

        assertThat(scepVersionAfter(v5, "4.3.0215.0", false)).isEqualTo(">= 4.3.0215.0");
        assertThat(ManifestRebuild.apply(v5, List.of(file("SCEPInstall.exe", OTHER, "4.3.0214.9999")), false))
                .isInstanceOf(ManifestRebuild.Downgrade.class);
    }

    @Test
    void aFileNewToThePackageIsNeverADowngrade() {
        assertThat(ManifestRebuild.apply(V4, List.of(file("x64/WindowsUpdateAgent.msi", OTHER, "0.0.0.1")), false))
                .isInstanceOf(ManifestRebuild.Changed.class);
    }

    @Test
    void theItemsOwnHashIsNotADowngradeWhateverVersionIsDeclared() {
        assertThat(ManifestRebuild.apply(V4, List.of(file("SCEPInstall.exe", SCEP_V4, "1.0")), false))
                .isEqualTo(new ManifestRebuild.Unchanged(V4));
    }

    @Test
    void allowDowngradeLetsALowerVersionThrough() {
        assertThat(scepVersionAfter(V4, "4.1.100.0", true)).isEqualTo(">= 4.1.100.0");
    }

    /** SCEPInstall.exe's version rule after applying a build of it (another hash) at {@code version}. */
    private static String scepVersionAfter(CcmSetupManifest current, String version, boolean allowDowngrade) {
        ManifestRebuild.Outcome outcome = ManifestRebuild.apply(current, List.of(file("SCEPInstall.exe", OTHER, version)), allowDowngrade);
        assertThat(outcome).isInstanceOf(ManifestRebuild.Changed.class);
        ManifestRebuild.Changed changed = (ManifestRebuild.Changed) outcome;
        assertThat(changed.manifest().packageVersion()).isEqualTo(current.packageVersion() + 1);
        return changed.manifest().item("SCEPInstall.exe").orElseThrow().discovery().versionRule().toString();
    }

    private static ResolvedFile file(String name, Sha256 hash, String version) {
        return new ResolvedFile(name, hash, Version.parse(version), 1000, null, null, null);
    }
}

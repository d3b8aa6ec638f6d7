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

    @Test
    void aNewScepBuildReplacesExactlyThatItemAndBumpsTheVersion() {
        ManifestRebuild.Outcome outcome = ManifestRebuild.apply(V4, List.of(file("SCEPInstall.exe", SCEP_V5, "4.3.215.0")));

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
                List.of(file("scepinstall.EXE", Sha256.parse(SCEP_V4.hex().toLowerCase()), "4.2.223.0")));
        assertThat(outcome).isEqualTo(new ManifestRebuild.Unchanged(V4));
    }

    @Test
    void aNewFileIsAppendedWithDefaultsAfterTheLastItem() {
        Sha256 hash = Sha256.compute(new byte[] {1, 2, 3});
        ManifestRebuild.Changed changed = (ManifestRebuild.Changed) ManifestRebuild.apply(V4,
                List.of(file("x64/WindowsUpdateAgent.msi", hash, "7.6.7600.256")));
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
        ManifestRebuild.Changed changed = (ManifestRebuild.Changed) ManifestRebuild.apply(V4, List.of(scep));
        ManifestItem item = changed.manifest().item("SCEPInstall.exe").orElseThrow();
        assertThat(item.installation().order()).isEqualTo(3);
        assertThat(item.installation().installationType()).isEqualTo("EXE");
        assertThat(changed.manifest().itemsInInstallOrder().get(0).fileName()).isEqualTo("SCEPInstall.exe");
    }

    @Test
    void sameInputsGiveTheSameManifestBytes() {
        List<ResolvedFile> files = List.of(file("SCEPInstall.exe", SCEP_V5, "4.3.215.0"));
        byte[] first = CcmSetupXml.write(((ManifestRebuild.Changed) ManifestRebuild.apply(V4, files)).manifest());
        byte[] second = CcmSetupXml.write(((ManifestRebuild.Changed) ManifestRebuild.apply(V4, files)).manifest());
        assertThat(first).isEqualTo(second);
        assertThat(ManifestPackaging.cabinet(first)).isEqualTo(ManifestPackaging.cabinet(second));
    }

    private static ResolvedFile file(String name, Sha256 hash, String version) {
        return new ResolvedFile(name, hash, Version.parse(version), 1000, null, null, null);
    }
}

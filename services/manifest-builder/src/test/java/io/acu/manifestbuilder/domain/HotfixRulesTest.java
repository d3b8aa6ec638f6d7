package io.acu.manifestbuilder.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.formats.PackageId;
import io.acu.formats.Sha256;
import io.acu.formats.Version;
import io.acu.manifestbuilder.domain.ContentLibrary.StagedFile;
import io.acu.manifestbuilder.domain.HotfixRejectedException.Kind;
import io.acu.manifestbuilder.domain.HotfixRequest.IncomingFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The hotfix rules with the values of the SCEP hotfix KB2907566: SCEPInstall.exe 4.3.215.0 (the fixture
 * {@code pe/SCEPInstall-4.3.215.0.exe}, SHA-256 2D2F5AEC…) replacing 4.2.223.0, and the Windows Update Agent MSI
 * 7.6.7600.256. The file's own version and the publisher rule are stand-ins that answer what the real readers
 * answer for those files, and record what they were asked.
 */
class HotfixRulesTest {

    private static final Sha256 SCEP_V5_SHA256 = Sha256.parse("2D2F5AEC224CBC35A50DC3FE71637CF751073512D39F729E12AD8BAC2675708A");
    private static final String OTHER_SHA256 = "EEBF8FBE6920D51B2728DE6303457F25DE302C1E3A5742ED175D281CAEC276BD";
    private static final StagedFile STAGED = new StagedFile(Path.of("target/source-library/.staging/upload-1.part"), SCEP_V5_SHA256, 14_131_712L);

    /** The versions the files say about themselves, by hotfix file name (as LibraryFileVersionReader reads them). */
    private final Map<String, Version> own = Map.of(
            "SCEPInstall.exe", Version.parse("4.3.215.0"),
            "x64/WindowsUpdateAgent.msi", Version.parse("7.6.7600.256"));
    private final List<String> read = new ArrayList<>();
    private final List<String> publisherChecks = new ArrayList<>();
    private String untrusted;

    private final FileVersionReader versions = (file, fileName) -> {
        read.add(fileName);
        if (fileName.equals("noversion.exe")) {
            throw new HotfixRejectedException(Kind.UNPROCESSABLE,
                    "noversion.exe has no version resource (VS_VERSIONINFO); a PE file must carry its FileVersion");
        }
        return Optional.ofNullable(own.get(fileName));
    };
    private final PublisherPolicy publishers = (fileName, file) -> {
        publisherChecks.add(fileName + " at " + file);
        if (fileName.equals(untrusted)) {
            throw new HotfixRejectedException(Kind.UNPROCESSABLE, fileName + " is signed by CN=Contoso Test, not a trusted publisher");
        }
    };
    private final HotfixRules rules = new HotfixRules(versions, publishers);

    @Test
    void aPeTakesItsOwnVersionAndPassesThePublisherRule() throws Exception {
        ResolvedFile resolved = rules.resolve(file("SCEPInstall.exe", null, null), STAGED);

        assertThat(resolved).isEqualTo(new ResolvedFile("SCEPInstall.exe", SCEP_V5_SHA256, Version.parse("4.3.215.0"), 14_131_712L,
                3, "NONE", "%windir%\\ccmsetup\\SCEPInstall.exe"));
        assertThat(read).containsExactly("SCEPInstall.exe");
        assertThat(publisherChecks).containsExactly("SCEPInstall.exe at target/source-library/.staging/upload-1.part");
    }

    @Test
    void aDeclaredHashMustBeTheFilesInAnyCase() throws Exception {
        assertThat(rules.resolve(file("SCEPInstall.exe", SCEP_V5_SHA256.hex().toLowerCase(), null), STAGED).sha256())
                .isEqualTo(SCEP_V5_SHA256);

        refused(file("SCEPInstall.exe", OTHER_SHA256, null), Kind.UNPROCESSABLE, "SCEPInstall.exe: declared sha256 " + OTHER_SHA256
                + " but the file hashes to 2D2F5AEC224CBC35A50DC3FE71637CF751073512D39F729E12AD8BAC2675708A");
    }

    @Test
    void aMalformedDeclaredHashIsInvalid() {
        refused(file("SCEPInstall.exe", "2D2F5AEC", null), Kind.INVALID,
                "SCEPInstall.exe: declared sha256: '2D2F5AEC' is not a SHA-256 hash: expected 64 hex digits, got 8 characters");
    }

    @Test
    void aDeclaredVersionMustEqualThePesOwnNumerically() throws Exception {
        // 4.3.0215 is 4.3.215.0 as ccmsetup compares versions; the sender's text is kept.
        assertThat(rules.resolve(file("SCEPInstall.exe", null, "4.3.0215"), STAGED).version()).hasToString("4.3.0215");

        refused(file("SCEPInstall.exe", null, "4.3.216.0"), Kind.UNPROCESSABLE,
                "SCEPInstall.exe: declared fileVersion 4.3.216.0 but the file's version resource says 4.3.215.0");
        // The old build declared for the new file: the file's own resource wins, so it cannot slip past the downgrade rule.
        refused(file("SCEPInstall.exe", null, "4.2.223.0"), Kind.UNPROCESSABLE,
                "SCEPInstall.exe: declared fileVersion 4.2.223.0 but the file's version resource says 4.3.215.0");
    }

    @Test
    void aMalformedDeclaredVersionIsInvalid() {
        refused(file("SCEPInstall.exe", null, "4.3.215.0.1"), Kind.INVALID,
                "SCEPInstall.exe: declared fileVersion: '4.3.215.0.1' is not a version: it has 5 parts, at most 4 are allowed");
        assertThat(read).isEmpty();
    }

    @Test
    void aPeWithoutVersionResourceIsRefusedByTheReader() {
        refused(file("noversion.exe", null, "1.0.0.0"), Kind.UNPROCESSABLE,
                "noversion.exe has no version resource (VS_VERSIONINFO); a PE file must carry its FileVersion");
        assertThat(publisherChecks).isEmpty();
    }

    @Test
    void aPeFromAnUntrustedPublisherIsRefusedAfterItsVersionIsKnown() {
        untrusted = "SCEPInstall.exe";
        refused(file("SCEPInstall.exe", null, "4.3.215.0"), Kind.UNPROCESSABLE,
                "SCEPInstall.exe is signed by CN=Contoso Test, not a trusted publisher");
        assertThat(read).containsExactly("SCEPInstall.exe");
    }

    @Test
    void anMsiIsReadOnlyWhenNoVersionIsDeclaredAndNeverGoesToThePublisherRule() throws Exception {
        assertThat(rules.resolve(file("x64/WindowsUpdateAgent.msi", null, null), STAGED).version()).isEqualTo(Version.parse("7.6.7600.256"));
        assertThat(read).containsExactly("x64/WindowsUpdateAgent.msi");

        assertThat(rules.resolve(file("x64/WindowsUpdateAgent.msi", null, "7.6.7600.320"), STAGED).version())
                .isEqualTo(Version.parse("7.6.7600.320"));
        assertThat(read).containsExactly("x64/WindowsUpdateAgent.msi");
        assertThat(publisherChecks).isEmpty();
    }

    @Test
    void anyOtherFileMustDeclareItsVersionAndIsNeverRead() throws Exception {
        refused(file("readme.txt", null, null), Kind.UNPROCESSABLE,
                "readme.txt: acu cannot read a version from this file type; declare fileVersion in the hotfix metadata");

        assertThat(rules.resolve(file("readme.txt", null, "1.0"), STAGED).version()).isEqualTo(Version.parse("1.0.0.0"));
        assertThat(read).isEmpty();
        assertThat(publisherChecks).isEmpty();
    }

    @Test
    void theRequestNeedsAKbNumberAPackageIdAndFiles() {
        assertThat(HotfixRules.checkRequest(request("KB2907566", "CAS00006", List.of(file("SCEPInstall.exe", null, null)))))
                .isEqualTo(PackageId.parse("CAS00006"));

        requestRefused(request(" ", "CAS00006", List.of(file("SCEPInstall.exe", null, null))), "kbNumber is required, e.g. KB2907566");
        requestRefused(request("KB2907566", "CAS0006", List.of(file("SCEPInstall.exe", null, null))),
                "packageId: 'CAS0006' is not a package ID: expected 8 characters (3-character site code + 5 hex digits), got 7");
        requestRefused(request("KB2907566", null, List.of(file("SCEPInstall.exe", null, null))),
                "packageId: '' is not a package ID: expected 8 characters (3-character site code + 5 hex digits), got 0");
        requestRefused(request("KB2907566", "CAS00006", List.of()), "the hotfix has no files");
    }

    @Test
    void fileNamesArePlainAndUniqueIgnoringCase() {
        requestRefused(request("KB2907566", "CAS00006", List.of(file("SCEPInstall.exe", null, null), file("scepinstall.EXE", null, null))),
                "duplicate file name 'scepinstall.EXE'");
        requestRefused(request("KB2907566", "CAS00006", List.of(file("../x.exe", null, null))),
                "file name '../x.exe' is path-like: segments must be plain names (no empty, '.', '..' or trailing dot/space)");
        assertThat(HotfixRules.checkRequest(request("KB2907566", "CAS00006",
                List.of(file("x64/client.msi", null, null), file("i386/client.msi", null, null))))).hasToString("CAS00006");
    }

    private static IncomingFile file(String name, String declaredSha256, String declaredVersion) {
        return new IncomingFile(name, new HotfixRequest.Upload(Path.of("upload", name)), declaredSha256, declaredVersion, 3, "NONE",
                "%windir%\\ccmsetup\\SCEPInstall.exe");
    }

    private static HotfixRequest request(String kb, String packageId, List<IncomingFile> files) {
        return new HotfixRequest(kb, "Antimalware client update", packageId, "API", null, files, false);
    }

    private void refused(IncomingFile file, Kind kind, String reason) {
        assertThatThrownBy(() -> rules.resolve(file, STAGED)).isInstanceOf(HotfixRejectedException.class).hasMessage(reason)
                .extracting(e -> ((HotfixRejectedException) e).kind()).isEqualTo(kind);
    }

    private static void requestRefused(HotfixRequest request, String reason) {
        assertThatThrownBy(() -> HotfixRules.checkRequest(request)).isInstanceOf(HotfixRejectedException.class).hasMessage(reason)
                .extracting(e -> ((HotfixRejectedException) e).kind()).isEqualTo(Kind.INVALID);
    }
}

package io.acu.manifestbuilder.fileversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.formats.Version;
import io.acu.manifestbuilder.domain.HotfixRejectedException;
import io.acu.manifestbuilder.support.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions read back from real PE files built by mingw-w64 (src/test/resources/pe/make-fixtures.sh). */
class LibraryFileVersionReaderTest {

    private final LibraryFileVersionReader reader = new LibraryFileVersionReader(512L * 1024 * 1024);

    @TempDir
    Path dir;

    @Test
    void readsTheFixedInfoFileVersionOfBothScepBuilds() throws Exception {
        assertThat(reader.read(Fixtures.copy(Fixtures.SCEP_V4, dir, "a.part"), "SCEPInstall.exe")).contains(Version.parse("4.2.223.0"));
        assertThat(reader.read(Fixtures.copy(Fixtures.SCEP_V5, dir, "b.part"), "SCEPInstall.exe")).contains(Version.parse("4.3.215.0"));
    }

    @Test
    void fixedInfoNumbersWinOverTheFileVersionString() throws Exception {
        Optional<Version> version = reader.read(Fixtures.copy(Fixtures.MISMATCH_DLL, dir, "m.dll"), "x64/mismatch.dll");
        assertThat(version).get().extracting(Version::normalized).isEqualTo("5.0.7804.1000");
    }

    @Test
    void aPeWithoutVersionResourceIsRefusedWithTheReason() {
        Path file = Fixtures.copy(Fixtures.NO_VERSION, dir, "n.exe");
        assertThatThrownBy(() -> reader.read(file, "tool.exe")).isInstanceOf(HotfixRejectedException.class)
                .hasMessage("tool.exe has no version resource (VS_VERSIONINFO); a PE file must carry its FileVersion");
    }

    @Test
    void somethingNamedExeThatIsNoPeIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("fake.exe"), "just text, no MZ header");
        assertThatThrownBy(() -> reader.read(file, "fake.exe")).isInstanceOf(HotfixRejectedException.class)
                .hasMessage("fake.exe is not a readable PE file: no MZ header");
    }

    @Test
    void otherFileTypesHaveNoVersionOfTheirOwn() throws Exception {
        assertThat(reader.read(Files.writeString(dir.resolve("r.txt"), "readme"), "readme.txt")).isEmpty();
    }

    @Test
    void largePeFilesAreRefusedBeforeParsing() {
        LibraryFileVersionReader small = new LibraryFileVersionReader(1000);
        Path file = Fixtures.copy(Fixtures.SCEP_V5, dir, "big.exe");
        assertThatThrownBy(() -> small.read(file, "SCEPInstall.exe"))
                .hasMessage("SCEPInstall.exe has 15872 bytes of headers and sections, over 1000, too large to read its version resource;"
                        + " declare fileVersion");
    }

    @Test
    void anOverlayAfterTheImageIsNotReadAndDoesNotMatter() throws Exception {
        // Self-extracting installers append their payload after the last section: the limit applies to the image only.
        Path file = Fixtures.copy(Fixtures.SCEP_V5, dir, "sfx.exe");
        Files.write(file, new byte[3 * 1024 * 1024], java.nio.file.StandardOpenOption.APPEND);
        LibraryFileVersionReader small = new LibraryFileVersionReader(1024 * 1024);
        assertThat(small.read(file, "SCEPInstall.exe")).contains(Version.parse("4.3.215.0"));
        assertThat(PeVersions.imageEnd(file, "SCEPInstall.exe")).isEqualTo(15872);
    }

    @Test
    void readsTheProductVersionOfAWindowsInstallerDatabase() throws Exception {
        // Built by wixl (msitools); see src/test/resources/msi/make-fixtures.sh.
        Path msi = Fixtures.copy("msi/WindowsUpdateAgent.msi", dir, "agent.part");
        assertThat(reader.read(msi, "x64/WindowsUpdateAgent.msi")).contains(Version.parse("7.6.7600.256"));
    }

    @Test
    void decodesWindowsInstallerStreamNames() {
        // "!_StringPool" as Windows Installer stores it: table marker, then pairs of characters per code unit.
        assertThat(MsiVersions.decode("\u4840\u3f3f\u4577\u446c\u3e6a\u44b2\u482f")).isEqualTo("!_StringPool");
    }

    @Test
    void somethingNamedMsiThatIsNoOle2FileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("x.msi"), "not a compound file");
        assertThatThrownBy(() -> reader.read(file, "client.msi")).isInstanceOf(HotfixRejectedException.class)
                .hasMessageStartingWith("client.msi is not a readable Windows Installer database");
    }
}

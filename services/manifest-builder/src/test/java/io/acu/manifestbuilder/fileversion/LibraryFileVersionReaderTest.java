package io.acu.manifestbuilder.fileversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.formats.Version;
import io.acu.manifestbuilder.domain.HotfixRejectedException;
import io.acu.manifestbuilder.support.Fixtures;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions read back from real PE files built by mingw-w64 (src/test/resources/pe/make-fixtures.sh). */
class LibraryFileVersionReaderTest {

    // Offsets in SCEPInstall-4.3.215.0.exe (PE32+, 11 sections; .rsrc at file offset 0x3800 holds one version
    // resource: type 16 -> name 1 -> language 0x409 -> data entry at 0x3848).
    /** .reloc's SizeOfRawData in the section table. */
    private static final int RELOC_SIZE_OF_RAW_DATA = 0x328;
    /** .reloc's PointerToRawData value. */
    private static final long RELOC_RAW_OFFSET = 0x3C00;
    /** The offset field of the root table's RT_VERSION entry. */
    private static final int RT_VERSION_ENTRY_OFFSET = 0x3814;
    /** The Size field of the version resource's data entry. */
    private static final int VERSION_DATA_ENTRY_SIZE = 0x384C;

    private final LibraryFileVersionReader reader = new LibraryFileVersionReader();

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
    void aPeHeaderOffsetNearTwoGibibytesIsRefusedNotAnOverflow() throws Exception {
        // e_lfanew = 0x7FFFFFF0: e_lfanew + 24 overflowed an int, passed the bounds check and read outside the headers (500).
        Path file = Fixtures.copy(Fixtures.SCEP_V5, dir, "lfanew.exe");
        patch(file, 0x3C, 0x7FFFFFF0);
        assertThatThrownBy(() -> reader.read(file, "SCEPInstall.exe")).isInstanceOf(HotfixRejectedException.class)
                .hasMessage("SCEPInstall.exe is not a readable PE file: no PE signature");
    }

    @Test
    void otherFileTypesHaveNoVersionOfTheirOwn() throws Exception {
        assertThat(reader.read(Files.writeString(dir.resolve("r.txt"), "readme"), "readme.txt")).isEmpty();
    }

    @Test
    void aPeWhoseSectionsSpanAGibibyteIsReadBySeeking() throws Exception {
        // The last section (.reloc) claims 1 GiB of raw data; the file is grown to hold it (sparse). Reading the image
        // into the heap refused such a file (over 512 MiB) or, under a higher cap, took a gibibyte of the pod's 768 MiB.
        Path file = Fixtures.copy(Fixtures.SCEP_V5, dir, "huge.exe");
        patch(file, RELOC_SIZE_OF_RAW_DATA, 1 << 30);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(RELOC_RAW_OFFSET + (1L << 30));
        }
        assertThat(PeVersions.imageEnd(file, "SCEPInstall.exe")).isEqualTo(RELOC_RAW_OFFSET + (1L << 30));
        assertThat(reader.read(file, "SCEPInstall.exe")).contains(Version.parse("4.3.215.0"));
    }

    @Test
    void aResourceDirectoryThatPointsBackAtItselfIsRefusedNotRecursedInto() {
        // RT_VERSION's subdirectory made the root again: a tree reader without a depth limit recursed until
        // StackOverflowError. The version is three tables deep (type, name, language) and read no deeper.
        Path file = Fixtures.copy(Fixtures.SCEP_V5, dir, "loop.exe");
        patch(file, RT_VERSION_ENTRY_OFFSET, 0x80000000);
        assertThatThrownBy(() -> reader.read(file, "SCEPInstall.exe")).isInstanceOf(HotfixRejectedException.class)
                .hasMessage("SCEPInstall.exe has a corrupt resource directory: a fourth level below RT_VERSION");
    }

    @Test
    void aVersionResourceClaimingTwoGibibytesCostsNoMoreThanItsBlock() throws Exception {
        // The data entry's size is the file's claim; allocating it whole threw OutOfMemoryError.
        Path file = Fixtures.copy(Fixtures.SCEP_V5, dir, "claims.exe");
        patch(file, VERSION_DATA_ENTRY_SIZE, 0x7FFFFFFF);
        assertThat(reader.read(file, "SCEPInstall.exe")).contains(Version.parse("4.3.215.0"));
    }

    @Test
    void aResourceTableBeyondTheFileIsRefusedWithTheReason() {
        Path file = Fixtures.copy(Fixtures.SCEP_V5, dir, "cut.exe");
        patch(file, RT_VERSION_ENTRY_OFFSET, 0x80000000 | 0x01000000);
        assertThatThrownBy(() -> reader.read(file, "SCEPInstall.exe")).isInstanceOf(HotfixRejectedException.class)
                .hasMessage("SCEPInstall.exe is not a readable PE file: its resource directory (16 bytes at 16791552) lies beyond"
                        + " the end of the file (15872 bytes)");
    }

    @Test
    void anOverlayAfterTheImageIsNotReadAndDoesNotMatter() throws Exception {
        // Self-extracting installers append their payload after the last section.
        Path file = Fixtures.copy(Fixtures.SCEP_V5, dir, "sfx.exe");
        Files.write(file, new byte[3 * 1024 * 1024], java.nio.file.StandardOpenOption.APPEND);
        assertThat(reader.read(file, "SCEPInstall.exe")).contains(Version.parse("4.3.215.0"));
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

    /** Overwrites the little-endian 32-bit field at {@code offset}. */
    private static void patch(Path file, long offset, int value) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            raf.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

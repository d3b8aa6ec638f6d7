package io.acu.formats.cab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.formats.Samples;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** {@link CabinetWriter} and {@link CabinetReader} on their own: layout, round trips, and refusal of bad cabinets. */
class CabinetFormatTest {

    private static final byte[] MANIFEST = Samples.bytes(Samples.CCMSETUP_BEFORE);

    @Test
    void storedSingleFileLayoutFollowsTheSpecification() {
        byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] cab = CabinetWriter.write(List.of(new CabinetEntry("a.txt", data,
                LocalDateTime.of(2013, 9, 9, 8, 56, 47), CabinetEntry.ATTRIBUTE_ARCHIVE)), Compression.NONE);
        ByteBuffer in = ByteBuffer.wrap(cab).order(ByteOrder.LITTLE_ENDIAN);
        // 36 header + 8 folder + 16 file + "a.txt\0" + 8 data header + 5 data
        assertThat(cab).hasSize(36 + 8 + 22 + 8 + 5);
        assertThat(new String(cab, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("MSCF");
        assertThat(in.getInt(8)).isEqualTo(cab.length);
        assertThat(in.getInt(16)).isEqualTo(44);
        assertThat(cab[24]).isEqualTo((byte) 3);
        assertThat(cab[25]).isEqualTo((byte) 1);
        assertThat(in.getShort(26)).isEqualTo((short) 1);
        assertThat(in.getShort(28)).isEqualTo((short) 1);
        assertThat(in.getInt(36)).isEqualTo(66);
        assertThat(in.getShort(40)).isEqualTo((short) 1);
        assertThat(in.getShort(42)).isEqualTo((short) 0);
        // 2013-09-09: (33 << 9) | (9 << 5) | 9; 08:56:47 → (8 << 11) | (56 << 5) | 23
        assertThat(Short.toUnsignedInt(in.getShort(54))).isEqualTo(33 << 9 | 9 << 5 | 9);
        assertThat(Short.toUnsignedInt(in.getShort(56))).isEqualTo(8 << 11 | 56 << 5 | 23);
        assertThat(in.getShort(58)).isEqualTo((short) 0x20);
        // CSUMCompute("hello", seed 0) = 'lleh' ^ 'o'; then the size words 0x00050005 are folded in.
        int expected = 0x6C6C6568 ^ 0x6F ^ 0x00050005;
        assertThat(in.getInt(66)).isEqualTo(expected);
        assertThat(in.getShort(70)).isEqualTo((short) 5);
        assertThat(in.getShort(72)).isEqualTo((short) 5);
    }

    @Test
    void checksumPacksTheTailBigEndFirst() {
        byte[] bytes = HexFormat.of().parseHex("01020304AABBCC");
        assertThat(CabinetChecksum.compute(bytes, 0, 7, 0)).isEqualTo(0x04030201 ^ 0x00AABBCC);
        assertThat(CabinetChecksum.compute(bytes, 4, 2, 0)).isEqualTo(0xAABB);
        assertThat(CabinetChecksum.compute(bytes, 4, 1, 0x10)).isEqualTo(0xAA ^ 0x10);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void roundTripsFilesAcrossBlockBordersAndEmptyFiles(Compression compression) {
        byte[] big = CabinetToolsTest.mixed(100_003, 5);
        byte[] text = CabinetToolsTest.repeatedText(65_536);
        List<CabinetEntry> in = List.of(CabinetEntry.of("ccmsetup.xml", MANIFEST), CabinetEntry.of("empty", new byte[0]),
                CabinetEntry.of("x64\\big.bin", big), CabinetEntry.of("text.txt", text));
        byte[] cab = CabinetWriter.write(in, compression);
        List<CabinetEntry> out = CabinetReader.read(cab);
        assertThat(out).extracting(CabinetEntry::name).containsExactly("ccmsetup.xml", "empty", "x64\\big.bin", "text.txt");
        assertThat(out.get(0).data()).isEqualTo(MANIFEST);
        assertThat(out.get(1).data()).isEmpty();
        assertThat(out.get(2).data()).isEqualTo(big);
        assertThat(out.get(3).data()).isEqualTo(text);
        assertThat(out.get(0).modified()).isEqualTo(CabinetEntry.DOS_EPOCH);
        assertThat(out.get(0).attributes()).isEqualTo(CabinetEntry.ATTRIBUTE_ARCHIVE);
        // 165 KiB of data → 6 blocks of at most 32 KiB.
        assertThat(ByteBuffer.wrap(cab).order(ByteOrder.LITTLE_ENDIAN).getShort(40)).isEqualTo((short) 6);
    }

    @Test
    void mszipShrinksCompressibleData() {
        byte[] text = CabinetToolsTest.repeatedText(200_000);
        int stored = CabinetWriter.write(List.of(CabinetEntry.of("t", text)), Compression.NONE).length;
        int zipped = CabinetWriter.write(List.of(CabinetEntry.of("t", text)), Compression.MSZIP).length;
        assertThat(stored).isGreaterThan(200_000);
        assertThat(zipped).isLessThan(stored / 10);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void sameEntriesGiveTheSameBytes(Compression compression) {
        List<CabinetEntry> entries = List.of(CabinetEntry.of("ccmsetup.xml", MANIFEST.clone()));
        assertThat(CabinetWriter.write(entries, compression)).isEqualTo(CabinetWriter.write(List.of(CabinetEntry.of("ccmsetup.xml", MANIFEST.clone())), compression));
    }

    @Test
    void nonAsciiNamesAreMarkedUtf8AndReadBack() {
        byte[] cab = CabinetWriter.write(List.of(CabinetEntry.of("grüße.txt", new byte[] {1})), Compression.NONE);
        assertThat(ByteBuffer.wrap(cab).order(ByteOrder.LITTLE_ENDIAN).getShort(58)).isEqualTo((short) (0x20 | 0x80));
        CabinetEntry entry = CabinetReader.read(cab).get(0);
        assertThat(entry.name()).isEqualTo("grüße.txt");
        assertThat(entry.attributes()).isEqualTo(CabinetEntry.ATTRIBUTE_ARCHIVE);
    }

    @Test
    void findMatchesNamesCaseInsensitively() {
        byte[] cab = CabinetWriter.write(List.of(CabinetEntry.of("ccmsetup.xml", MANIFEST)), Compression.MSZIP);
        assertThat(CabinetReader.find(cab, "CCMSETUP.XML")).get().extracting(CabinetEntry::data).isEqualTo(MANIFEST);
        assertThat(CabinetReader.find(cab, "other.xml")).isEmpty();
    }

    @Test
    void writerRefusesWhatACabinetCannotHold() {
        assertThatThrownBy(() -> CabinetWriter.write(List.of(), Compression.NONE)).hasMessage("a cabinet needs at least one file");
        assertThatThrownBy(() -> CabinetWriter.write(List.of(CabinetEntry.of("a", new byte[0]), CabinetEntry.of("A", new byte[0])), Compression.NONE))
                .hasMessage("duplicate cabinet file name 'A'");
        assertThatThrownBy(() -> CabinetWriter.write(List.of(CabinetEntry.of("x".repeat(256), new byte[0])), Compression.NONE))
                .hasMessageStartingWith("cabinet file name longer than 255 bytes");
        assertThatThrownBy(() -> CabinetEntry.of("a\0b", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CabinetEntry("a", new byte[0], LocalDateTime.of(1979, 12, 31, 0, 0), 0))
                .hasMessageContaining("1980-2107");
    }

    @Test
    void refusesWhatIsNotACabinet() {
        assertThatThrownBy(() -> CabinetReader.read("PK\3\4 not a cabinet at all, but long enough".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(MalformedCabinetException.class).hasMessage("not a cabinet: signature is not MSCF");
        assertThatThrownBy(() -> CabinetReader.read(new byte[10])).hasMessage("truncated: CFHEADER needs bytes 0-36 of 10");
    }

    @Test
    void refusesTruncatedCabinets() {
        byte[] cab = CabinetWriter.write(List.of(CabinetEntry.of("ccmsetup.xml", MANIFEST)), Compression.NONE);
        byte[] cut = Arrays.copyOf(cab, cab.length - 10);
        assertThatThrownBy(() -> CabinetReader.read(cut)).isInstanceOf(MalformedCabinetException.class)
                .hasMessage("truncated: header says " + cab.length + " bytes, got " + cut.length);
    }

    @Test
    void detectsACorruptedByteThroughTheChecksum() {
        byte[] cab = CabinetWriter.write(List.of(CabinetEntry.of("ccmsetup.xml", MANIFEST)), Compression.NONE);
        cab[cab.length - 100] ^= 0x01;
        assertThatThrownBy(() -> CabinetReader.read(cab)).isInstanceOf(MalformedCabinetException.class)
                .hasMessageStartingWith("CFDATA block 1 of folder 1: checksum 0x");
    }

    @Test
    void readsBlocksWithoutChecksum() {
        byte[] cab = CabinetWriter.write(List.of(CabinetEntry.of("ccmsetup.xml", MANIFEST)), Compression.MSZIP);
        int firstData = ByteBuffer.wrap(cab).order(ByteOrder.LITTLE_ENDIAN).getInt(36);
        ByteBuffer.wrap(cab).order(ByteOrder.LITTLE_ENDIAN).putInt(firstData, 0);
        assertThat(CabinetReader.read(cab).get(0).data()).isEqualTo(MANIFEST);
    }

    @Test
    void refusesCorruptMszipData() {
        byte[] cab = CabinetWriter.write(List.of(CabinetEntry.of("ccmsetup.xml", MANIFEST)), Compression.MSZIP);
        ByteBuffer buffer = ByteBuffer.wrap(cab).order(ByteOrder.LITTLE_ENDIAN);
        int firstData = buffer.getInt(36);
        buffer.putInt(firstData, 0);
        cab[firstData + 8] = 'X';
        assertThatThrownBy(() -> CabinetReader.read(cab)).hasMessage("CFDATA block 1 of folder 1: MSZIP block does not start with CK");
    }

    @Test
    void refusesLzxQuantumAndCabinetSets() {
        byte[] lzx = CabinetWriter.write(List.of(CabinetEntry.of("a", new byte[] {1})), Compression.NONE);
        ByteBuffer.wrap(lzx).order(ByteOrder.LITTLE_ENDIAN).putShort(42, (short) 0x1503);
        assertThatThrownBy(() -> CabinetReader.read(lzx)).hasMessage("CFFOLDER 1: compression type 3 (LZX) is not supported");

        byte[] set = CabinetWriter.write(List.of(CabinetEntry.of("a", new byte[] {1})), Compression.NONE);
        ByteBuffer.wrap(set).order(ByteOrder.LITTLE_ENDIAN).putShort(30, (short) 0x0002);
        assertThatThrownBy(() -> CabinetReader.read(set)).hasMessage("multi-cabinet sets are not supported (flags 0x2)");
    }

    @Test
    void refusesFilesThatPointOutsideTheirFolder() {
        byte[] cab = CabinetWriter.write(List.of(CabinetEntry.of("a", new byte[] {1, 2, 3})), Compression.NONE);
        ByteBuffer.wrap(cab).order(ByteOrder.LITTLE_ENDIAN).putInt(44, 1_000_000);
        assertThatThrownBy(() -> CabinetReader.read(cab)).hasMessage("CFFILE 1 'a': bytes 0+1000000 lie beyond folder 1's 3 bytes");

        byte[] badFolder = CabinetWriter.write(List.of(CabinetEntry.of("a", new byte[] {1})), Compression.NONE);
        ByteBuffer.wrap(badFolder).order(ByteOrder.LITTLE_ENDIAN).putShort(52, (short) 4);
        assertThatThrownBy(() -> CabinetReader.read(badFolder)).hasMessage("CFFILE 1: folder 4 does not exist");
    }

    @Test
    void stopsAtTheExpansionLimit() {
        byte[] cab = CabinetWriter.write(List.of(CabinetEntry.of("t", CabinetToolsTest.repeatedText(200_000))), Compression.MSZIP);
        assertThat(cab.length).isLessThan(20_000);
        assertThatThrownBy(() -> CabinetReader.read(cab, 100_000)).hasMessage("cabinet expands beyond the limit of 100000 bytes");
    }
}

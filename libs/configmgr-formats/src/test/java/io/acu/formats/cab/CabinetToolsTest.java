package io.acu.formats.cab;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.formats.Samples;
import io.acu.infra.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our cabinets against the real tools, both ways: {@code cabextract} and {@code gcab} (Debian packages of those
 * names) extract what {@link CabinetWriter} writes byte for byte, and {@link CabinetReader} reads what
 * {@code gcab -c} and {@code gcab -c -z} (MSZIP) write.
 */
class CabinetToolsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Compression.class)
    void cabextractTestsAndExtractsOurCabinet(Compression compression) throws Exception {
        byte[] manifest = Samples.bytes(Samples.CCMSETUP_BEFORE);
        byte[] big = mixed(150_000, 7);
        Path cab = dir.resolve("ccmsetup.cab");
        Files.write(cab, CabinetWriter.write(List.of(CabinetEntry.of("ccmsetup.xml", manifest), CabinetEntry.of("big.bin", big)), compression));

        String test = run("cabextract", "-t", cab.toString());
        assertThat(test).contains("ccmsetup.xml  OK").contains("big.bin  OK").contains("All done, no errors.");
        Path out = Files.createDirectory(dir.resolve("out"));
        run("cabextract", "-q", "-d", out.toString(), cab.toString());
        assertThat(Files.readAllBytes(out.resolve("ccmsetup.xml"))).isEqualTo(manifest);
        assertThat(Files.readAllBytes(out.resolve("big.bin"))).isEqualTo(big);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void gcabListsAndExtractsOurCabinet(Compression compression) throws Exception {
        byte[] manifest = Samples.bytes(Samples.CCMSETUP_AFTER);
        byte[] big = mixed(70_000, 11);
        Path cab = dir.resolve("ccmsetup.cab");
        Files.write(cab, CabinetWriter.write(List.of(CabinetEntry.of("ccmsetup.xml", manifest), CabinetEntry.of("big.bin", big)), compression));

        assertThat(run("gcab", "-t", cab.toString())).isEqualTo("ccmsetup.xml\nbig.bin\n");
        Path out = Files.createDirectory(dir.resolve("out"));
        run("gcab", "-x", "-C", out.toString(), cab.toString());
        assertThat(Files.readAllBytes(out.resolve("ccmsetup.xml"))).isEqualTo(manifest);
        assertThat(Files.readAllBytes(out.resolve("big.bin"))).isEqualTo(big);
    }

    @BeforeAll
    static void toolsPresent() {
        ExternalTools.require("cabextract", "cabextract");
        ExternalTools.require("gcab", "gcab");
    }

    @Test
    void cabextractKeepsAUtf8Name() throws Exception {
        Path cab = dir.resolve("names.cab");
        byte[] data = "grüße".getBytes(StandardCharsets.UTF_8);
        Files.write(cab, CabinetWriter.write(List.of(CabinetEntry.of("grüße.txt", data)), Compression.NONE));
        Path out = Files.createDirectory(dir.resolve("out"));
        run("cabextract", "-q", "-d", out.toString(), cab.toString());
        assertThat(Files.readAllBytes(out.resolve("grüße.txt"))).isEqualTo(data);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void readsWhatGcabWrites(Compression compression) throws Exception {
        Path src = Files.createDirectory(dir.resolve("src"));
        byte[] manifest = Samples.bytes(Samples.CCMSETUP_BEFORE);
        // Over three 32 KiB blocks of text that repeats across block borders: MSZIP must carry the dictionary.
        byte[] text = repeatedText(110_000);
        byte[] random = mixed(40_000, 3);
        Files.write(src.resolve("ccmsetup.xml"), manifest);
        Files.write(src.resolve("text.txt"), text);
        Files.write(src.resolve("random.bin"), random);
        Path cab = dir.resolve("gcab.cab");
        List<String> command = new ArrayList<>(List.of("gcab", "-c", "-n"));
        if (compression == Compression.MSZIP) {
            command.add("-z");
        }
        command.addAll(List.of(cab.toString(), src.resolve("ccmsetup.xml").toString(), src.resolve("text.txt").toString(),
                src.resolve("random.bin").toString()));
        run(command.toArray(String[]::new));

        byte[] bytes = Files.readAllBytes(cab);
        // typeCompress of the first folder, proving gcab wrote what we meant to read.
        assertThat(bytes[36 + 6]).isEqualTo((byte) compression.code());
        List<CabinetEntry> entries = CabinetReader.read(bytes);
        assertThat(entries).extracting(CabinetEntry::name).containsExactly("ccmsetup.xml", "text.txt", "random.bin");
        assertThat(entries.get(0).data()).isEqualTo(manifest);
        assertThat(entries.get(1).data()).isEqualTo(text);
        assertThat(entries.get(2).data()).isEqualTo(random);
    }

    /** Half random bytes, half runs of one byte: some blocks compress, some do not. */
    static byte[] mixed(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        for (int i = 0; i < size; i += 2048) {
            java.util.Arrays.fill(data, i, Math.min(size, i + 1024), (byte) 'A');
        }
        return data;
    }

    static byte[] repeatedText(int size) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < size; i++) {
            text.append("line ").append(i % 997).append(": SCEPInstall.exe 4.3.215.0 KB2907566\n");
        }
        return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    /** Runs a tool and returns its standard output; fails the test on a non-zero exit or a missing tool. */
    static String run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is not installed (apt-get install cabextract gcab)", e);
        }
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + text).isZero();
        return text;
    }
}

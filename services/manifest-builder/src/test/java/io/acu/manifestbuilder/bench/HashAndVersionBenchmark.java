package io.acu.manifestbuilder.bench;

import io.acu.formats.Sha256;
import io.acu.manifestbuilder.content.FileSystemContentLibrary;
import io.acu.manifestbuilder.domain.ContentLibrary;
import io.acu.manifestbuilder.fileversion.LibraryFileVersionReader;
import io.acu.manifestbuilder.support.Fixtures;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Benchmark harness (not a test): hotfix intake throughput for one 25 MB PE file (SCEPInstall.exe fixture with a
 * random overlay) against {@code openssl dgst -sha256} on the same file, in the same run. Prints MB/s per step
 * and the ratio to openssl; the goal is intake (hash while staging + version read) at 90 % or more of openssl.
 *
 * <p>The JVM is warmed first (as a long-running service is); each figure is the best of the timed rounds, and the
 * file sits in the page cache for every contender. Run with {@code bench/hash-benchmark.sh}.
 *
 * <p>Arguments: {@code [sizeMiB=25] [warmupRounds=15] [timedRounds=15]}.
 */
public final class HashAndVersionBenchmark {

    private HashAndVersionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sizeMiB = args.length > 0 ? Integer.parseInt(args[0]) : 25;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        Path dir = Files.createTempDirectory("acu-hash-bench");
        Path file = dir.resolve("SCEPInstall.exe");
        writeFixture(file, sizeMiB * 1024L * 1024L);
        long size = Files.size(file);
        ContentLibrary library = newLibrary(dir.resolve("library"));
        LibraryFileVersionReader versions = newReader();

        Step hashOnly = () -> Sha256.compute(file).hex();
        Step stage = () -> {
            try (InputStream in = Files.newInputStream(file)) {
                ContentLibrary.StagedFile staged = library.stage(in, Long.MAX_VALUE, "SCEPInstall.exe");
                library.discard(staged);
                return staged.sha256().hex();
            }
        };
        Step version = () -> versions.read(file, "SCEPInstall.exe").orElseThrow().toString();
        Step intake = () -> stage.run() + " " + version.run();
        Step openssl = () -> {
            Process process = new ProcessBuilder("openssl", "dgst", "-sha256", "-r", file.toString()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("openssl failed");
            }
            return out.substring(0, 64).toUpperCase();
        };

        String expected = openssl.run();
        if (!expected.equals(hashOnly.run()) || !intake.run().equals(expected + " 4.3.215.0")) {
            throw new IllegalStateException("contenders disagree on the hash or version");
        }
        for (int i = 0; i < warmup; i++) {
            hashOnly.run();
            intake.run();
            openssl.run();
        }
        double opensslRate = rate(openssl, rounds, size);
        System.out.printf("file: %s, %d bytes, SHA-256 %s%n", file, size, expected);
        System.out.printf("%-44s %9s %8s%n", "step (best of " + rounds + ", after " + warmup + " warm-up rounds)", "MB/s", "openssl");
        print("openssl dgst -sha256 (process incl. start)", opensslRate, opensslRate);
        print("Sha256.compute(file) (JDK SHA-256, streamed)", rate(hashOnly, rounds, size), opensslRate);
        print("stage: copy to library temp file + hash", rate(stage, rounds, size), opensslRate);
        print("version read (pecoff4j, VS_VERSIONINFO)", rate(version, rounds, size), opensslRate);
        double intakeRate = rate(intake, rounds, size);
        print("intake = stage + version read", intakeRate, opensslRate);
        System.out.printf("goal: intake >= 90%% of openssl: %s (%.0f%%)%n", intakeRate >= 0.9 * opensslRate ? "MET" : "NOT MET",
                100 * intakeRate / opensslRate);
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A real PE (version 4.3.215.0) padded with a random overlay to {@code size} bytes, as large installers are. */
    private static void writeFixture(Path file, long size) throws Exception {
        byte[] pe = Fixtures.bytes(Fixtures.SCEP_V5);
        byte[] chunk = new byte[1024 * 1024];
        new Random(42).nextBytes(chunk);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(pe);
            for (long written = pe.length; written < size; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
        }
    }

    private static ContentLibrary newLibrary(Path root) throws Exception {
        var constructor = FileSystemContentLibrary.class.getDeclaredConstructor(Path.class);
        constructor.setAccessible(true);
        return constructor.newInstance(root);
    }

    private static LibraryFileVersionReader newReader() throws Exception {
        var constructor = LibraryFileVersionReader.class.getDeclaredConstructor(long.class);
        constructor.setAccessible(true);
        return constructor.newInstance(Long.MAX_VALUE);
    }

    /** Best throughput of {@code rounds} runs, in MB/s (10^6 bytes). */
    private static double rate(Step step, int rounds, long bytes) throws Exception {
        long[] nanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            step.run();
            nanos[i] = System.nanoTime() - start;
        }
        return bytes / (Arrays.stream(nanos).min().orElseThrow() / 1e9) / 1e6;
    }

    private static void print(String name, double rate, double opensslRate) {
        System.out.printf("%-44s %9.1f %7.0f%%%n", name, rate, 100 * rate / opensslRate);
    }

    @FunctionalInterface
    private interface Step {
        String run() throws Exception;
    }
}

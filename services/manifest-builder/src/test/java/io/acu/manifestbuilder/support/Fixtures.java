package io.acu.manifestbuilder.support;

import io.acu.formats.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Test fixtures: the PE files built by {@code src/test/resources/pe/make-fixtures.sh}, and the shared sample manifests. */
public final class Fixtures {

    /** SCEPInstall.exe with VS_VERSIONINFO 4.2.223.0. */
    public static final String SCEP_V4 = "pe/SCEPInstall-4.2.223.0.exe";
    /** SCEPInstall.exe with VS_VERSIONINFO 4.3.215.0. */
    public static final String SCEP_V5 = "pe/SCEPInstall-4.3.215.0.exe";
    /** A PE without any version resource. */
    public static final String NO_VERSION = "pe/noversion.exe";
    /** A DLL whose fixed info says 5.0.7804.1000 and whose FileVersion string says 5.00.7804.9999 (beta). */
    public static final String MISMATCH_DLL = "pe/mismatch.dll";

    private Fixtures() {
    }

    /** The bytes of a test resource. */
    public static byte[] bytes(String resource) {
        try (InputStream in = Objects.requireNonNull(Fixtures.class.getClassLoader().getResourceAsStream(resource), resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test resource copied to {@code dir} under {@code name}. */
    public static Path copy(String resource, Path dir, String name) {
        try {
            Path target = dir.resolve(name);
            Files.createDirectories(target.getParent());
            Files.write(target, bytes(resource));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample ccmsetup.xml before the SCEP hotfix: CAS00006 v4 with SCEPInstall.exe 4.2.223.0. */
    public static byte[] ccmsetupBefore() {
        return bytes("samples/ccmsetup-before.xml");
    }

    /** sha256sum of a test resource, computed by the coreutils tool, upper case. */
    public static String sha256sum(Path file) {
        try {
            Process process = new ProcessBuilder("sha256sum", file.toString()).start();
            String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("sha256sum failed");
            }
            return Sha256.parse(out.substring(0, 64)).hex();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

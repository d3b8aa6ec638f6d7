package io.acu.infra;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that check acu's output with a real third-party tool (cabextract, gcab) call
 * {@link #require}: on a developer's machine without the tool the test is skipped with the
 * install command; in CI ({@code CI=true}, where {@code .ci/run} installs the tools) a missing
 * tool fails the test, so the check can never be skipped silently where it counts.
 */
public final class ExternalTools {

    private ExternalTools() {
    }

    /**
     * Skips (or, in CI, fails) the calling test unless {@code tool} is on the PATH.
     *
     * @param tool executable name, e.g. {@code cabextract}
     * @param debianPackage the package that provides it, named in the message
     */
    public static void require(String tool, String debianPackage) {
        if (isOnPath(tool)) {
            return;
        }
        String message = tool + " is not installed: apt-get install " + debianPackage;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + " (.ci/run installs it)");
        }
        Assumptions.assumeTrue(false, message);
    }

    /** @return whether an executable named {@code tool} is in one of the PATH folders */
    public static boolean isOnPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}

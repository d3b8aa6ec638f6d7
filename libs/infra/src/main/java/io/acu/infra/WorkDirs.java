package io.acu.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where infrastructure keeps its data and logs, and how it is found and removed. */
public final class WorkDirs {

    /** System property naming the folder under which each run gets its own subfolder. */
    public static final String WORK_DIR_PROPERTY = "acu.work.dir";

    private WorkDirs() {
    }

    /**
     * A new, empty folder for one component's run: {@code <acu.work.dir or ./target/acu-infra>/<prefix>-<n>}.
     *
     * @param prefix component name, e.g. {@code kafka}
     * @return the created folder
     */
    public static Path newRunDir(String prefix) {
        Path base = Path.of(System.getProperty(WORK_DIR_PROPERTY, "target/acu-infra")).toAbsolutePath();
        try {
            Files.createDirectories(base);
            return Files.createTempDirectory(base, prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work folder under " + base, e);
        }
    }

    /**
     * Finds {@code relative} in the current folder or one of its parents: how a build output such as
     * {@code infra/kafka-broker/target/kafka-libs} is found when no property names it.
     *
     * @param relative path relative to the project root
     * @return the first existing match walking up from the current folder
     */
    public static Optional<Path> findUpwards(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Deletes a folder tree; silent if it is already gone. */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /**
     * The last {@code count} lines of a log file, for error messages; empty when unreadable.
     *
     * @param log the file
     * @param count how many lines at most
     */
    public static String tail(Path log, int count) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(System.lineSeparator(), new ArrayList<>(lines.subList(Math.max(0, lines.size() - count), lines.size())));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}

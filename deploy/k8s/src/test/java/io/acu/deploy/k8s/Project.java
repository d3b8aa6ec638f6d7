package io.acu.deploy.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the repository, the manifests and the services are, as the build passes them to the tests. */
final class Project {

    /** The repository root ({@code acu.project.dir}, set by this module's surefire configuration). */
    static final Path ROOT = Path.of(System.getProperty("acu.project.dir", "../..")).toAbsolutePath().normalize();

    /** deploy/k8s: the kustomize base, the overlays, the samples. */
    static final Path DEPLOY = ROOT.resolve("deploy/k8s");

    /** The Maven project version, the tag Quarkus gives a service's image by default. */
    static final String VERSION = System.getProperty("acu.project.version", "0.1.0-SNAPSHOT");

    private Project() {
    }

    /** Every YAML file under deploy/k8s that is a manifest (build output and test sources excluded), sorted. */
    static List<Path> manifestFiles() {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !DEPLOY.relativize(p).startsWith("src") && !DEPLOY.relativize(p).startsWith("target"))
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The overlay folders (deploy/k8s/overlays/*), sorted by name. */
    static List<Path> overlays() {
        try (Stream<Path> dirs = Files.list(DEPLOY.resolve("overlays"))) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

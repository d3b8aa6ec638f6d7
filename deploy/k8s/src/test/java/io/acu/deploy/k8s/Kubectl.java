package io.acu.deploy.k8s;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code kubectl} binary, when the machine has one: {@code -Dacu.kubectl=/path}, else the first on PATH.
 * Debian packages it as {@code kubernetes-client} (kubectl 1.20 with kustomize v2.0.3); newer kubectl works too.
 */
final class Kubectl {

    private Kubectl() {
    }

    static Optional<Path> find() {
        String configured = System.getProperty("acu.kubectl");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The result of {@code kubectl kustomize <dir>}: exit code, standard output, standard error. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    static Result kustomize(Path kubectl, Path dir) {
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("kubectl kustomize " + dir + " did not finish in 60 s");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + kubectl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The overlay rendered by kubectl, typed; the namespace is the overlay kustomization's. */
    static Manifests render(Path kubectl, Path overlay) {
        Result result = kustomize(kubectl, overlay);
        if (result.exitCode() != 0) {
            throw new AssertionError("kubectl kustomize " + overlay + " failed (" + result.exitCode() + "): " + result.stderr());
        }
        return new Manifests(Project.DEPLOY.relativize(overlay) + " (kubectl kustomize)",
                Manifests.kustomization(overlay).getNamespace(), Manifests.parse(result.stdout()));
    }
}

package io.acu.manifestbuilder.content;

import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.TOO_LARGE;

import io.acu.formats.Sha256;
import io.acu.manifestbuilder.domain.ContentLibrary;
import io.acu.manifestbuilder.domain.HotfixRejectedException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The content library on a local or mounted disk (a PersistentVolume on Kubernetes), at
 * {@code acu.content-library.path}: content at {@code <root>/<first two hex digits>/<64 hex digits>}, staging files
 * in {@code <root>/.staging/} on the same file system so that committing is an atomic rename.
 */
@ApplicationScoped
public class FileSystemContentLibrary implements ContentLibrary {

    /** 1 MiB copy buffer: large reads keep hashing near the disk's and SHA-256's speed. */
    private static final int BUFFER_BYTES = 1024 * 1024;

    private final Path root;
    private final Path staging;

    FileSystemContentLibrary(@ConfigProperty(name = "acu.content-library.path") Path root) {
        this.root = root.toAbsolutePath();
        this.staging = this.root.resolve(".staging");
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the content library at " + this.root, e);
        }
    }

    @Override
    public StagedFile stage(InputStream in, long maxBytes, String fileName) throws IOException {
        Path temp = staging.resolve(UUID.randomUUID() + ".part");
        Sha256.Hasher hasher = Sha256.hasher();
        long size = 0;
        boolean done = false;
        try (OutputStream out = Files.newOutputStream(temp)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int n; (n = in.read(buffer)) != -1; ) {
                size += n;
                if (size > maxBytes) {
                    throw new HotfixRejectedException(TOO_LARGE, fileName + " is larger than the limit of " + maxBytes + " bytes");
                }
                hasher.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
        return new StagedFile(temp, hasher.finish(), size);
    }

    @Override
    public Path commit(StagedFile staged) throws IOException {
        Path target = pathOf(staged.sha256());
        Files.createDirectories(target.getParent());
        if (Files.exists(target)) {
            discard(staged);
            return target;
        }
        try {
            Files.move(staged.path(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // Another upload of the same content committed first: same bytes, keep theirs.
            discard(staged);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the content library at " + root + " does not support atomic renames", e);
        }
        return target;
    }

    @Override
    public void discard(StagedFile staged) {
        try {
            Files.deleteIfExists(staged.path());
        } catch (IOException e) {
            // A leftover .part file is harmless: it is outside the content layout and never served.
        }
    }

    @Override
    public Optional<Path> find(Sha256 sha256) {
        Path path = pathOf(sha256);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    private Path pathOf(Sha256 sha256) {
        String hex = sha256.hex();
        return root.resolve(hex.substring(0, 2)).resolve(hex);
    }
}

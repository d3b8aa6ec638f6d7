package io.acu.manifestbuilder.domain;

import io.acu.formats.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Port: the source content library, where hotfix files are kept once per SHA-256 (ConfigMgr's package source
 * share, content-addressed). A file is first {@link #stage staged} (written to a temporary file while hashed),
 * then {@link #commit committed} (renamed to its hash name) only once the hotfix it belongs to is accepted, or
 * {@link #discard discarded}: the library never holds a half-written or unhashed file.
 */
public interface ContentLibrary {

    /**
     * Streams {@code in} into a temporary file, computing SHA-256 and size on the way (never whole in memory).
     *
     * @param in the content; read to its end, not closed
     * @param maxBytes the most bytes accepted
     * @param fileName the hotfix file's name, for the message
     * @return the staged file
     * @throws HotfixRejectedException (TOO_LARGE) once more than {@code maxBytes} arrive; nothing is left behind
     * @throws IOException if reading or writing fails; nothing is left behind
     */
    StagedFile stage(InputStream in, long maxBytes, String fileName) throws IOException;

    /**
     * Moves a staged file to its hash name (atomic rename in the library's folder). If the content is already
     * there, the staged copy is dropped.
     *
     * @return the library path of the content
     * @throws IOException if the rename fails
     */
    Path commit(StagedFile staged) throws IOException;

    /** Deletes a staged file that will not be committed; never fails. */
    void discard(StagedFile staged);

    /** The library path of content with this hash, if the library has it. */
    Optional<Path> find(Sha256 sha256);

    /**
     * A file written and hashed, not yet in the library.
     *
     * @param path the temporary file
     * @param sha256 SHA-256 of its content
     * @param sizeBytes its size in bytes
     */
    record StagedFile(Path path, Sha256 sha256, long sizeBytes) {
        /** @throws NullPointerException if a component is null */
        public StagedFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sha256, "sha256");
        }
    }
}

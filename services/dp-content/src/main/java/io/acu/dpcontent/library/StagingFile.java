package io.acu.dpcontent.library;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * An upload being written into a {@link ContentStore}'s staging area, until {@link ContentStore#commit} moves it into
 * the library or {@link ContentStore#discard} deletes it. One writer at a time: calls may come from different threads
 * one after another (e.g. Vert.x worker threads chained per upload), never concurrently.
 */
public interface StagingFile extends Closeable {

    /** @return where the bytes are staged, e.g. {@code <library>/Staging/<uuid>.part} */
    Path path();

    /**
     * Appends every remaining byte of a buffer, however many writes the storage needs for it.
     *
     * @param bytes the bytes to append; on return it has none remaining
     * @throws IOException if storage fails, e.g. {@code No space left on device}; the staged file is then unusable and
     *     must be discarded
     */
    void write(ByteBuffer bytes) throws IOException;

    /** @return bytes appended so far */
    long size();

    /** Flushes the bytes to the storage device and closes the file; closing again does nothing. */
    @Override
    void close() throws IOException;
}

package io.acu.dpcontent.library;

import io.acu.formats.Sha256;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A committed file of a content library.
 *
 * @param sha256 its SHA-256, the single-instance key
 * @param path where its bytes are ({@code <library>/FileLib/<first 4 hex>/<hash>}), for streaming
 * @param sizeBytes its size in bytes
 * @param committedAt when it was committed (the file's modification time), the Last-Modified clients see
 */
public record StoredFile(Sha256 sha256, Path path, long sizeBytes, Instant committedAt) {
}

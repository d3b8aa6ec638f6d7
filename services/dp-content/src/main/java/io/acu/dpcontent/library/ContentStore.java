package io.acu.dpcontent.library;

import io.acu.formats.PackageId;
import io.acu.formats.Sha256;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Port: where a {@link ContentLibrary} keeps its bytes and its package index. The filesystem adapter lays files out
 * as ConfigMgr's content library does ({@link #fileLibPath(Sha256)}), stages uploads beside them, checks what reached
 * the disk and commits with an atomic rename, so a reader never sees a partial or wrong file. Methods throw {@link IOException} when storage fails.
 */
public interface ContentStore {

    /**
     * The place of a file inside the library: {@code FileLib/<first 4 hex digits>/<64 hex digits>}, upper case,
     * like ConfigMgr's {@code SCCMContentLib\FileLib}.
     *
     * @param sha256 the file's hash
     * @return the relative path, e.g. {@code FileLib/B033/B0336B86…2595}
     */
    static String fileLibPath(Sha256 sha256) {
        String hex = sha256.hex();
        return "FileLib/" + hex.substring(0, 4) + "/" + hex;
    }

    /**
     * @param sha256 a hash
     * @return the committed file with this hash, or empty
     */
    Optional<StoredFile> find(Sha256 sha256) throws IOException;

    /**
     * Creates and opens a new, empty staging file on the same filesystem as {@code FileLib} (so the commit can be a
     * rename).
     *
     * @return the staging file, open for {@link StagingFile#write}
     */
    StagingFile newStagingFile() throws IOException;

    /**
     * Moves a fully written staging file into {@code FileLib} atomically, after closing it (flushed to the device)
     * and reading it back: only a file that holds exactly {@link StagingFile#size()} bytes hashing to {@code sha256}
     * is committed, so a short or torn write never becomes library content. If the hash is already committed the
     * staged copy is dropped (single instance). On failure nothing is committed; the caller discards the staged file.
     *
     * @param staged a file from {@link #newStagingFile()} whose streamed content hashed to {@code sha256}
     * @param sha256 its verified hash
     * @return the committed file
     * @throws StagedBytesMismatchException if the bytes read back differ from what was streamed
     * @throws IOException if storage fails otherwise (e.g. {@code No space left on device} when flushing)
     */
    StoredFile commit(StagingFile staged, Sha256 sha256) throws IOException;

    /** Closes and deletes a staging file, if it still exists. */
    void discard(StagingFile staged) throws IOException;

    /** @return every committed file, in no particular order */
    List<StoredFile> files() throws IOException;

    /** Removes a committed file (content validation found it damaged). Missing files are ignored. */
    void remove(Sha256 sha256) throws IOException;

    /** Writes (or replaces) the index entry of one package version atomically. */
    void writeIndex(PackageContent content) throws IOException;

    /** Removes the index entry of one package version; missing entries are ignored. */
    void removeIndex(PackageId packageId, int version) throws IOException;

    /** @return every indexed package version, in no particular order */
    List<PackageContent> indexes() throws IOException;
}

package io.acu.dpcontent.library;

import io.acu.formats.PackageId;
import io.acu.formats.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A single-instance content library, as on a ConfigMgr distribution point: every file is kept once, under its
 * SHA-256 ({@code FileLib/<first 4 hex>/<hash>}), and a package/version index says which files, by name, make up
 * each package version. Content is committed only after its hash was verified, both as it arrived and as read back
 * from disk, and a package version becomes
 * available only once all its files are committed, so a client never sees a partial or wrong file.
 *
 * <p>Thread-safe: the index is held in memory (loaded from the {@link ContentStore} at {@link #open}) and written
 * through on every change; file commits are atomic renames in the store. The files of available versions are also
 * remembered ({@link #servedFile}), so serving a download needs no filesystem lookup on the event loop. Storage
 * failures surface as {@link UncheckedIOException}.
 */
public final class ContentLibrary {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final ContentStore store;
    /** packageId → version → content; the highest version is the one served as current. */
    private final Map<PackageId, ConcurrentSkipListMap<Integer, PackageContent>> index = new ConcurrentHashMap<>();
    /** Committed files already looked up, by hash; only files present in the store. */
    private final Map<Sha256, StoredFile> committed = new ConcurrentHashMap<>();

    private ContentLibrary(ContentStore store) {
        this.store = store;
    }

    /**
     * Opens a library over a store, loading its package index.
     *
     * @param store where the bytes and the index are kept
     * @return the library
     * @throws UncheckedIOException if the index cannot be read
     */
    public static ContentLibrary open(ContentStore store) {
        ContentLibrary library = new ContentLibrary(Objects.requireNonNull(store, "store"));
        for (PackageContent content : io(store::indexes)) {
            library.versions(content.packageId()).put(content.version(), content);
            content.files().forEach(f -> library.file(f.sha256()));
        }
        return library;
    }

    /**
     * The committed file with a hash, asked of the store (blocking): what the distribution manager's checks and
     * registration rely on, so a file removed behind the library's back is found missing and sent again.
     *
     * @param sha256 a hash
     * @return the committed file with this hash, or empty
     */
    public Optional<StoredFile> file(Sha256 sha256) {
        Optional<StoredFile> found = io(() -> store.find(sha256));
        if (found.isPresent()) {
            committed.put(sha256, found.get());
        } else {
            committed.remove(sha256);
        }
        return found;
    }

    /**
     * The committed file with a hash, for the client download path: from memory once the file was seen (committed,
     * registered, or looked up with {@link #file}), so a download does not touch the filesystem before its bytes are
     * sent; otherwise as {@link #file}. A file is immutable under its hash until content validation removes it, which
     * also forgets it; a caller that finds the file gone anyway calls {@link #forget}.
     *
     * @param sha256 a hash
     * @return the committed file with this hash, or empty
     */
    public Optional<StoredFile> servedFile(Sha256 sha256) {
        StoredFile known = committed.get(sha256);
        return known != null ? Optional.of(known) : file(sha256);
    }

    /**
     * Forgets what is remembered of a committed file, so the next {@link #servedFile} asks the store again.
     *
     * @param sha256 the file's hash
     */
    public void forget(Sha256 sha256) {
        committed.remove(sha256);
    }

    /**
     * Opens a new staging file to write an upload into, then {@link #commit} or {@link #discard}.
     *
     * @return the staging file
     * @throws UncheckedIOException if storage fails (e.g. {@code No space left on device})
     */
    public StagingFile newStagingFile() {
        return io(store::newStagingFile);
    }

    /**
     * Commits a staged upload after checking its hash twice: the hash of the bytes streamed in must be the manifest's,
     * and the store reads the staged file back from disk before it commits (see {@link ContentStore#commit}). On any
     * failure the staged file is deleted and nothing is committed.
     *
     * @param staged the staging file, fully written
     * @param expected the hash the manifest gives
     * @param actual the hash of the bytes written (computed while they arrived)
     * @return the committed file
     * @throws HashMismatchException if {@code actual} differs from {@code expected} (the sender's content is wrong)
     * @throws UncheckedIOException if storage fails, including a {@link StagedBytesMismatchException} when the disk
     *     does not hold what was written (the storage is at fault; sending again may succeed)
     */
    public StoredFile commit(StagingFile staged, Sha256 expected, Sha256 actual) {
        if (!expected.equals(actual)) {
            discard(staged);
            throw new HashMismatchException(expected, actual);
        }
        StoredFile stored;
        try {
            stored = store.commit(staged, expected);
        } catch (IOException e) {
            discardAfter(e, staged);
            throw new UncheckedIOException(e);
        }
        committed.put(expected, stored);
        return stored;
    }

    /**
     * Closes and deletes a staging file that will not be committed.
     *
     * @throws UncheckedIOException if it cannot be deleted
     */
    public void discard(StagingFile staged) {
        io(() -> {
            store.discard(staged);
            return null;
        });
    }

    /**
     * Reads a stream into the library, hashing as it goes, and commits it if the hash matches. Blocking; the stream
     * is read to its end but not closed.
     *
     * @param in the content
     * @param expected the hash it must have
     * @return the committed file (the existing one if this hash was already present: nothing is read then)
     * @throws HashMismatchException if the content hashes to something else
     * @throws UncheckedIOException if reading or storage fails; nothing is committed then
     */
    public StoredFile ingest(InputStream in, Sha256 expected) {
        Optional<StoredFile> present = file(expected);
        if (present.isPresent()) {
            return present.get();
        }
        StagingFile staged = newStagingFile();
        Sha256.Hasher hasher = Sha256.hasher();
        try {
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int n; (n = in.read(buffer)) != -1; ) {
                hasher.update(buffer, 0, n);
                staged.write(ByteBuffer.wrap(buffer, 0, n));
            }
        } catch (IOException e) {
            discardAfter(e, staged);
            throw new UncheckedIOException(e);
        }
        return commit(staged, expected, hasher.finish());
    }

    /** Deletes a staging file after a failure, keeping that failure the one reported. */
    private void discardAfter(IOException failure, StagingFile staged) {
        try {
            store.discard(staged);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Makes a package version available: checks every file is committed with the indexed size, then writes the
     * index entry. Registering the same content again is harmless.
     *
     * @param content the package version's files
     * @return the content
     * @throws MissingContentException if a file is absent or has another size; nothing is written then
     */
    public PackageContent register(PackageContent content) {
        List<PackageFile> missing = new ArrayList<>();
        for (PackageFile f : content.files()) {
            Optional<StoredFile> stored = file(f.sha256());
            if (stored.isEmpty() || stored.get().sizeBytes() != f.sizeBytes()) {
                missing.add(f);
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingContentException(missing);
        }
        io(() -> {
            store.writeIndex(content);
            return null;
        });
        versions(content.packageId()).put(content.version(), content);
        return content;
    }

    /**
     * @param packageId a package
     * @return its highest available version, the one served under {@code SMS_DP_SMSPKG$/<packageId>/}; or empty
     */
    public Optional<PackageContent> current(PackageId packageId) {
        ConcurrentSkipListMap<Integer, PackageContent> versions = index.get(packageId);
        return Optional.ofNullable(versions).map(ConcurrentSkipListMap::lastEntry).map(Map.Entry::getValue);
    }

    /**
     * @param packageId a package
     * @param version a version
     * @return that version's content if it is available, or empty
     */
    public Optional<PackageContent> version(PackageId packageId, int version) {
        return Optional.ofNullable(index.get(packageId)).map(v -> v.get(version));
    }

    /** @return every available package version, by package ID then version */
    public List<PackageContent> packages() {
        return index.values().stream().flatMap(v -> v.values().stream())
                .sorted(Comparator.comparing(PackageContent::packageId).thenComparingInt(PackageContent::version))
                .toList();
    }

    /**
     * Re-hashes every file (ConfigMgr's content validation). Files whose bytes no longer match their hash are
     * removed, and package versions that use them stop being available, so they are neither served nor reported
     * INSTALLED until the distribution manager sends them again. Blocking; reads the whole library.
     *
     * @return what was checked and found
     */
    public ValidationReport validate() {
        List<ValidationReport.DamagedFile> damaged = new ArrayList<>();
        int checked = 0;
        long bytes = 0;
        for (StoredFile stored : io(store::files)) {
            Sha256 actual = io(() -> Sha256.compute(stored.path()));
            checked++;
            bytes += stored.sizeBytes();
            if (!actual.equals(stored.sha256())) {
                damaged.add(new ValidationReport.DamagedFile(stored.sha256(), actual));
                committed.remove(stored.sha256());
                io(() -> {
                    store.remove(stored.sha256());
                    return null;
                });
            }
        }
        List<ValidationReport.PackageVersionRef> affected = new ArrayList<>();
        for (PackageContent content : packages()) {
            boolean hit = content.files().stream()
                    .anyMatch(f -> damaged.stream().anyMatch(d -> d.expected().equals(f.sha256())));
            if (hit) {
                index.get(content.packageId()).remove(content.version());
                io(() -> {
                    store.removeIndex(content.packageId(), content.version());
                    return null;
                });
                affected.add(new ValidationReport.PackageVersionRef(content.packageId().toString(), content.version()));
            }
        }
        return new ValidationReport(checked, bytes, damaged, affected);
    }

    private ConcurrentSkipListMap<Integer, PackageContent> versions(PackageId packageId) {
        return index.computeIfAbsent(packageId, id -> new ConcurrentSkipListMap<>());
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T call() throws IOException;
    }

    private static <T> T io(IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

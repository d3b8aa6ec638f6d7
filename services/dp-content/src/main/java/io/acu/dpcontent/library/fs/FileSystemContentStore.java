package io.acu.dpcontent.library.fs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.acu.dpcontent.library.ContentStore;
import io.acu.dpcontent.library.PackageContent;
import io.acu.dpcontent.library.PackageFile;
import io.acu.dpcontent.library.StagedBytesMismatchException;
import io.acu.dpcontent.library.StagingFile;
import io.acu.dpcontent.library.StoredFile;
import io.acu.formats.InvalidValueException;
import io.acu.formats.PackageId;
import io.acu.formats.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link ContentStore} on a local directory, laid out like ConfigMgr's {@code SCCMContentLib}:
 * <pre>
 * &lt;root&gt;/FileLib/B033/B0336B86…2595    the bytes, once per SHA-256
 * &lt;root&gt;/PkgLib/CAS00006/5.json         package version index: {"packageId","version","files":[{"name","sha256","sizeBytes"}]}
 * &lt;root&gt;/Staging/&lt;uuid&gt;.part            uploads in progress (same filesystem, so commits are renames)
 * </pre>
 * Every write to a staging file is checked and repeated until all its bytes are taken (a {@link FileChannel} may
 * write fewer than asked). Commits flush the staged bytes to disk, read them back and hash them, and only if they are
 * exactly what was streamed rename atomically: after a crash, a short write or a full disk, a file is either complete
 * under its hash or not there. Leftover staging files are deleted when the store opens.
 */
public final class FileSystemContentStore implements ContentStore {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path root;
    private final Path staging;
    private final StagingChannels stagingChannels;

    /**
     * Opens the channel an upload is written through. The seam lets tests put in a channel that writes short, fails
     * with a full disk, or loses bytes; production opens the staging file itself.
     */
    @FunctionalInterface
    interface StagingChannels {
        /**
         * @param path an existing, empty staging file
         * @return a channel writing to it from position 0
         */
        FileChannel open(Path path) throws IOException;
    }

    private FileSystemContentStore(Path root, StagingChannels stagingChannels) {
        this.root = root;
        this.staging = root.resolve("Staging");
        this.stagingChannels = stagingChannels;
    }

    /**
     * Opens (creating if needed) a library directory and clears its staging area.
     *
     * @param root the library directory, e.g. {@code /var/lib/acu/dp/SCCMContentLib}
     * @return the store
     * @throws IOException if the directories cannot be created or cleared
     */
    public static FileSystemContentStore open(Path root) throws IOException {
        return open(root, path -> FileChannel.open(path, StandardOpenOption.WRITE));
    }

    /** As {@link #open(Path)}, with uploads written through channels from {@code stagingChannels}. */
    static FileSystemContentStore open(Path root, StagingChannels stagingChannels) throws IOException {
        FileSystemContentStore store = new FileSystemContentStore(root.toAbsolutePath(), stagingChannels);
        Files.createDirectories(store.root.resolve("FileLib"));
        Files.createDirectories(store.root.resolve("PkgLib"));
        Files.createDirectories(store.staging);
        try (Stream<Path> leftovers = Files.list(store.staging)) {
            for (Path p : leftovers.toList()) {
                Files.deleteIfExists(p);
            }
        }
        return store;
    }

    /** @return the library directory */
    public Path root() {
        return root;
    }

    @Override
    public Optional<StoredFile> find(Sha256 sha256) throws IOException {
        Path path = root.resolve(ContentStore.fileLibPath(sha256));
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return Optional.of(new StoredFile(sha256, path, attributes.size(), attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public StagingFile newStagingFile() throws IOException {
        Path path = Files.createFile(staging.resolve(UUID.randomUUID() + ".part"));
        try {
            return new ChannelStagingFile(path, stagingChannels.open(path));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    @Override
    public StoredFile commit(StagingFile staged, Sha256 sha256) throws IOException {
        ChannelStagingFile file = own(staged);
        file.close();
        Path target = root.resolve(ContentStore.fileLibPath(sha256));
        if (Files.exists(target)) {
            discard(staged);
        } else {
            verifyOnDisk(file, sha256);
            Files.createDirectories(target.getParent());
            moveAtomically(file.path(), target);
        }
        return find(sha256).orElseThrow(() -> new NoSuchFileException(target.toString(), null, "vanished after commit"));
    }

    /** Reads the flushed staging file back: a lost, torn or short write shows as another size or hash. */
    private static void verifyOnDisk(ChannelStagingFile file, Sha256 expected) throws IOException {
        long onDiskBytes = Files.size(file.path());
        Sha256 onDisk = Sha256.compute(file.path());
        if (onDiskBytes != file.size() || !onDisk.equals(expected)) {
            throw new StagedBytesMismatchException(file.path().toString(), expected, file.size(), onDisk, onDiskBytes);
        }
    }

    @Override
    public void discard(StagingFile staged) throws IOException {
        ChannelStagingFile file = own(staged);
        try {
            file.close();
        } catch (IOException e) {
            // A full disk can fail the final flush too; the file is deleted all the same.
        }
        Files.deleteIfExists(file.path());
    }

    private ChannelStagingFile own(StagingFile staged) {
        if (staged instanceof ChannelStagingFile file && file.path().getParent().equals(staging)) {
            return file;
        }
        throw new IllegalArgumentException("not a staging file of " + root + ": " + staged.path());
    }

    @Override
    public List<StoredFile> files() throws IOException {
        List<StoredFile> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(root.resolve("FileLib"), 2)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                Sha256 hash;
                try {
                    hash = Sha256.parse(p.getFileName().toString());
                } catch (InvalidValueException e) {
                    continue; // not ours; content validation only judges files filed under a hash
                }
                find(hash).ifPresent(files::add);
            }
        }
        return files;
    }

    @Override
    public void remove(Sha256 sha256) throws IOException {
        Files.deleteIfExists(root.resolve(ContentStore.fileLibPath(sha256)));
    }

    @Override
    public void writeIndex(PackageContent content) throws IOException {
        Path dir = root.resolve("PkgLib").resolve(content.packageId().toString());
        Files.createDirectories(dir);
        Path temp = dir.resolve(content.version() + ".json." + UUID.randomUUID() + ".tmp");
        IndexJson json = new IndexJson(content.packageId().toString(), content.version(),
                content.files().stream().map(f -> new IndexJson.FileJson(f.name(), f.sha256().hex(), f.sizeBytes())).toList());
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeFully(channel, ByteBuffer.wrap(JSON.writeValueAsBytes(json)), temp);
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        moveAtomically(temp, dir.resolve(content.version() + ".json"));
    }

    @Override
    public void removeIndex(PackageId packageId, int version) throws IOException {
        Files.deleteIfExists(root.resolve("PkgLib").resolve(packageId.toString()).resolve(version + ".json"));
    }

    @Override
    public List<PackageContent> indexes() throws IOException {
        List<PackageContent> result = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(root.resolve("PkgLib"), 2)) {
            for (Path p : paths.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                IndexJson json = JSON.readValue(p.toFile(), IndexJson.class);
                result.add(new PackageContent(PackageId.parse(json.packageId()), json.version(),
                        json.files().stream().map(f -> new PackageFile(f.name(), Sha256.parse(f.sha256()), f.sizeBytes())).toList()));
            }
        }
        return result;
    }

    /**
     * Writes every remaining byte: {@link FileChannel#write} may take fewer than offered, and the rest would be lost.
     *
     * @return the number of bytes written
     * @throws IOException if a write fails, or takes nothing (it would never finish)
     */
    private static int writeFully(FileChannel channel, ByteBuffer bytes, Path path) throws IOException {
        int total = 0;
        while (bytes.hasRemaining()) {
            int written = channel.write(bytes);
            if (written <= 0) {
                throw new IOException("writing " + path + " made no progress with " + bytes.remaining() + " bytes left");
            }
            total += written;
        }
        return total;
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(from);
            throw new IOException("the content library needs a filesystem with atomic rename: " + to, e);
        }
    }

    /** A staging file written through a channel, counting what the channel took. */
    private static final class ChannelStagingFile implements StagingFile {
        private final Path path;
        private final FileChannel channel;
        private long size;
        private boolean closed;

        ChannelStagingFile(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public synchronized void write(ByteBuffer bytes) throws IOException {
            if (closed) {
                throw new IOException("staging file " + path + " is closed");
            }
            size += writeFully(channel, bytes, path);
        }

        @Override
        public synchronized long size() {
            return size;
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try (channel) {
                channel.force(true);
            }
        }
    }

    /** The JSON form of a PkgLib entry. */
    record IndexJson(String packageId, int version, List<FileJson> files) {
        record FileJson(String name, String sha256, long sizeBytes) {
        }
    }
}

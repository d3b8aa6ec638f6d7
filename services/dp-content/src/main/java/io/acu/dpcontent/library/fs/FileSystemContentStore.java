package io.acu.dpcontent.library.fs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.acu.dpcontent.library.ContentStore;
import io.acu.dpcontent.library.PackageContent;
import io.acu.dpcontent.library.PackageFile;
import io.acu.dpcontent.library.StoredFile;
import io.acu.formats.InvalidValueException;
import io.acu.formats.PackageId;
import io.acu.formats.Sha256;
import java.io.IOException;
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
 * Commits flush the staged bytes to disk, then rename atomically: after a crash a file is either complete under
 * its hash or not there. Leftover staging files are deleted when the store opens.
 */
public final class FileSystemContentStore implements ContentStore {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path root;
    private final Path staging;

    private FileSystemContentStore(Path root) {
        this.root = root;
        this.staging = root.resolve("Staging");
    }

    /**
     * Opens (creating if needed) a library directory and clears its staging area.
     *
     * @param root the library directory, e.g. {@code /var/lib/acu/dp/SCCMContentLib}
     * @return the store
     * @throws IOException if the directories cannot be created or cleared
     */
    public static FileSystemContentStore open(Path root) throws IOException {
        FileSystemContentStore store = new FileSystemContentStore(root.toAbsolutePath());
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
    public Path newStagingFile() throws IOException {
        return Files.createFile(staging.resolve(UUID.randomUUID() + ".part"));
    }

    @Override
    public StoredFile commit(Path staged, Sha256 sha256) throws IOException {
        Path target = root.resolve(ContentStore.fileLibPath(sha256));
        if (Files.exists(target)) {
            discard(staged);
        } else {
            try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.createDirectories(target.getParent());
            moveAtomically(staged, target);
        }
        return find(sha256).orElseThrow(() -> new NoSuchFileException(target.toString(), null, "vanished after commit"));
    }

    @Override
    public void discard(Path staged) throws IOException {
        Files.deleteIfExists(staged);
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
            channel.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(json)));
            channel.force(true);
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

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(from);
            throw new IOException("the content library needs a filesystem with atomic rename: " + to, e);
        }
    }

    /** The JSON form of a PkgLib entry. */
    record IndexJson(String packageId, int version, List<FileJson> files) {
        record FileJson(String name, String sha256, long sizeBytes) {
        }
    }
}

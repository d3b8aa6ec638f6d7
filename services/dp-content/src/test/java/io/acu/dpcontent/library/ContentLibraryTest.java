package io.acu.dpcontent.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.dpcontent.library.fs.FileSystemContentStore;
import io.acu.formats.PackageId;
import io.acu.formats.Sha256;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The content library's rules, over the filesystem store in a temporary directory. */
class ContentLibraryTest {

    private static final byte[] SCEP = "SCEPInstall 4.3.215.0".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CAB = "MSCF ccmsetup.cab v5".getBytes(StandardCharsets.UTF_8);
    private static final PackageId CAS00006 = PackageId.parse("CAS00006");

    @TempDir
    Path dir;

    @Test
    void filesAreStoredOnceUnderTheirHashInFileLib() throws Exception {
        ContentLibrary library = ContentLibrary.open(FileSystemContentStore.open(dir));
        Sha256 hash = Sha256.compute(SCEP);
        StoredFile first = library.ingest(new ByteArrayInputStream(SCEP), hash);
        StoredFile again = library.ingest(new ByteArrayInputStream(SCEP), hash);

        String hex = hash.hex();
        assertThat(first.path()).isEqualTo(dir.resolve("FileLib").resolve(hex.substring(0, 4)).resolve(hex));
        assertThat(again.path()).isEqualTo(first.path());
        assertThat(Files.readAllBytes(first.path())).isEqualTo(SCEP);
        assertThat(first.sizeBytes()).isEqualTo(SCEP.length);
        try (var files = Files.walk(dir.resolve("FileLib"))) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1);
        }
        try (var staging = Files.list(dir.resolve("Staging"))) {
            assertThat(staging.count()).isZero();
        }
    }

    @Test
    void contentNotMatchingItsHashIsRefusedAndNotKept() throws Exception {
        ContentLibrary library = ContentLibrary.open(FileSystemContentStore.open(dir));
        Sha256 expected = Sha256.compute(SCEP);
        byte[] corrupted = SCEP.clone();
        corrupted[3] ^= 0x01;

        assertThatThrownBy(() -> library.ingest(new ByteArrayInputStream(corrupted), expected))
                .isInstanceOf(HashMismatchException.class)
                .hasMessage("hash mismatch: expected " + expected + ", got " + Sha256.compute(corrupted));
        assertThat(library.file(expected)).isEmpty();
        try (var staging = Files.list(dir.resolve("Staging"))) {
            assertThat(staging.count()).isZero();
        }
    }

    @Test
    void aVersionBecomesAvailableOnlyWithAllItsFilesAndSurvivesReopening() throws Exception {
        ContentLibrary library = ContentLibrary.open(FileSystemContentStore.open(dir));
        PackageFile scep = new PackageFile("SCEPInstall.exe", Sha256.compute(SCEP), SCEP.length);
        PackageFile cab = new PackageFile("ccmsetup.cab", Sha256.compute(CAB), CAB.length);
        PackageContent v5 = new PackageContent(CAS00006, 5, List.of(scep, cab));
        library.ingest(new ByteArrayInputStream(SCEP), scep.sha256());

        assertThatThrownBy(() -> library.register(v5)).isInstanceOf(MissingContentException.class)
                .satisfies(e -> assertThat(((MissingContentException) e).missing()).containsExactly(cab));
        assertThat(library.current(CAS00006)).isEmpty();

        library.ingest(new ByteArrayInputStream(CAB), cab.sha256());
        library.register(v5);
        library.register(new PackageContent(CAS00006, 4, List.of(scep)));

        ContentLibrary reopened = ContentLibrary.open(FileSystemContentStore.open(dir));
        assertThat(reopened.current(CAS00006)).contains(v5);
        assertThat(reopened.version(CAS00006, 4).orElseThrow().files()).containsExactly(scep);
        assertThat(reopened.current(CAS00006).orElseThrow().file("ccmsetup.CAB")).contains(cab);
        assertThat(Files.exists(dir.resolve("PkgLib/CAS00006/5.json"))).isTrue();
    }

    @Test
    void validationRemovesDamagedFilesAndWithdrawsTheVersionsUsingThem() throws Exception {
        ContentLibrary library = ContentLibrary.open(FileSystemContentStore.open(dir));
        StoredFile scep = library.ingest(new ByteArrayInputStream(SCEP), Sha256.compute(SCEP));
        StoredFile cab = library.ingest(new ByteArrayInputStream(CAB), Sha256.compute(CAB));
        library.register(new PackageContent(CAS00006, 5, List.of(new PackageFile("SCEPInstall.exe", scep.sha256(), SCEP.length),
                new PackageFile("ccmsetup.cab", cab.sha256(), CAB.length))));
        library.register(new PackageContent(PackageId.parse("CAS00007"), 1, List.of(new PackageFile("ccmsetup.cab", cab.sha256(), CAB.length))));
        byte[] rotten = SCEP.clone();
        rotten[0] = 'X';
        Files.write(scep.path(), rotten);

        ValidationReport report = library.validate();

        assertThat(report.filesChecked()).isEqualTo(2);
        assertThat(report.bytesChecked()).isEqualTo(SCEP.length + CAB.length);
        assertThat(report.damaged()).containsExactly(new ValidationReport.DamagedFile(scep.sha256(), Sha256.compute(rotten)));
        assertThat(report.affected()).containsExactly(new ValidationReport.PackageVersionRef("CAS00006", 5));
        assertThat(library.current(CAS00006)).isEmpty();
        assertThat(library.current(PackageId.parse("CAS00007"))).isPresent();
        assertThat(Files.exists(scep.path())).isFalse();
        assertThat(ContentLibrary.open(FileSystemContentStore.open(dir)).current(CAS00006)).isEmpty();
    }

    @Test
    void unsafeNamesAndDuplicateNamesAreRejected() {
        Sha256 h = Sha256.compute(SCEP);
        assertThatThrownBy(() -> new PackageFile("../x", h, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PackageFile("/etc/passwd", h, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PackageFile("a\\b", h, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PackageContent(CAS00006, 1, List.of(new PackageFile("a.exe", h, 1), new PackageFile("A.EXE", h, 1))))
                .hasMessage("CAS00006 v1 lists A.EXE twice");
    }

    @Test
    void servingAnAvailableFileNeedsNoStoreLookupWhileTheManagersChecksAlwaysAskTheStore() throws Exception {
        ContentLibrary seed = ContentLibrary.open(FileSystemContentStore.open(dir));
        StoredFile scep = seed.ingest(new ByteArrayInputStream(SCEP), Sha256.compute(SCEP));
        seed.register(new PackageContent(CAS00006, 5, List.of(new PackageFile("SCEPInstall.exe", scep.sha256(), SCEP.length))));
        CountingStore store = new CountingStore(FileSystemContentStore.open(dir));

        ContentLibrary library = ContentLibrary.open(store);
        int afterOpen = store.finds;
        for (int i = 0; i < 1000; i++) {
            assertThat(library.servedFile(scep.sha256())).contains(scep);
        }
        assertThat(afterOpen).isEqualTo(1);
        assertThat(store.finds).isEqualTo(1);

        // Removed behind the library's back: the manager's check (file) sees it, and serving asks afresh after forget.
        Files.delete(scep.path());
        assertThat(library.servedFile(scep.sha256())).contains(scep);
        assertThat(library.file(scep.sha256())).isEmpty();
        assertThat(library.servedFile(scep.sha256())).isEmpty();
        assertThat(store.finds).isEqualTo(3);
        library.ingest(new ByteArrayInputStream(SCEP), scep.sha256());
        library.forget(scep.sha256());
        assertThat(library.servedFile(scep.sha256()).map(StoredFile::sizeBytes)).contains((long) SCEP.length);
    }

    @Test
    void validationForgetsTheDamagedFilesItRemoves() throws Exception {
        ContentLibrary library = ContentLibrary.open(FileSystemContentStore.open(dir));
        StoredFile scep = library.ingest(new ByteArrayInputStream(SCEP), Sha256.compute(SCEP));
        assertThat(library.servedFile(scep.sha256())).contains(scep);
        Files.write(scep.path(), CAB);

        library.validate();

        assertThat(library.servedFile(scep.sha256())).isEmpty();
    }

    /** Counts {@link ContentStore#find} calls, delegating everything. */
    private static final class CountingStore implements ContentStore {
        private final ContentStore delegate;
        int finds;

        CountingStore(ContentStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public java.util.Optional<StoredFile> find(Sha256 sha256) throws java.io.IOException {
            finds++;
            return delegate.find(sha256);
        }

        @Override
        public StagingFile newStagingFile() throws java.io.IOException {
            return delegate.newStagingFile();
        }

        @Override
        public StoredFile commit(StagingFile staged, Sha256 sha256) throws java.io.IOException {
            return delegate.commit(staged, sha256);
        }

        @Override
        public void discard(StagingFile staged) throws java.io.IOException {
            delegate.discard(staged);
        }

        @Override
        public List<StoredFile> files() throws java.io.IOException {
            return delegate.files();
        }

        @Override
        public void remove(Sha256 sha256) throws java.io.IOException {
            delegate.remove(sha256);
        }

        @Override
        public void writeIndex(PackageContent content) throws java.io.IOException {
            delegate.writeIndex(content);
        }

        @Override
        public void removeIndex(PackageId packageId, int version) throws java.io.IOException {
            delegate.removeIndex(packageId, version);
        }

        @Override
        public List<PackageContent> indexes() throws java.io.IOException {
            return delegate.indexes();
        }
    }
}

package io.acu.dpcontent.library.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.dpcontent.library.ContentLibrary;
import io.acu.dpcontent.library.StagedBytesMismatchException;
import io.acu.dpcontent.library.StoredFile;
import io.acu.dpcontent.library.fs.FaultyStagingChannels.Fault;
import io.acu.formats.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filesystem store never commits a short or gappy file: writes the channel takes only in part are repeated, a
 * full disk fails the upload, and a staged file that does not read back as written is refused, each time with
 * nothing left in FileLib or Staging and the next upload unaffected.
 */
class FileSystemContentStoreTest {

    private static final byte[] CAB = bytes(7, 64 * 1024 + 123);
    private static final Sha256 CAB_HASH = Sha256.compute(CAB);

    @TempDir
    Path dir;

    private final FaultyStagingChannels channels = new FaultyStagingChannels();

    @Test
    void shortWritesAreRepeatedUntilEveryByteIsOnDisk() throws Exception {
        ContentLibrary library = ContentLibrary.open(channels.inject(Fault.SHORT_WRITES).open(dir));

        StoredFile stored = library.ingest(new ByteArrayInputStream(CAB), CAB_HASH);

        assertThat(stored.sizeBytes()).isEqualTo(CAB.length);
        assertThat(Sha256.compute(stored.path())).isEqualTo(CAB_HASH);
        assertThat(Files.readAllBytes(stored.path())).isEqualTo(CAB);
        assertThat(staged()).isEmpty();
    }

    @Test
    void aFullDiskFailsTheUploadCommitsNothingAndTheNextUploadSucceeds() throws Exception {
        ContentLibrary library = ContentLibrary.open(channels.inject(Fault.DISK_FULL).open(dir));

        assertThatThrownBy(() -> library.ingest(new ByteArrayInputStream(CAB), CAB_HASH))
                .isInstanceOf(UncheckedIOException.class)
                .hasRootCauseMessage("No space left on device");
        assertThat(Files.exists(fileLibPath(CAB_HASH))).isFalse();
        assertThat(library.file(CAB_HASH)).isEmpty();
        assertThat(staged()).isEmpty();

        channels.inject(Fault.NONE);
        StoredFile stored = library.ingest(new ByteArrayInputStream(CAB), CAB_HASH);
        assertThat(stored.path()).isEqualTo(fileLibPath(CAB_HASH));
        assertThat(Files.readAllBytes(stored.path())).isEqualTo(CAB);
    }

    @Test
    void bytesLostOnTheWayToDiskAreNotCommitted() throws Exception {
        ContentLibrary library = ContentLibrary.open(channels.inject(Fault.LOSES_BYTES).open(dir));
        // The library writes 64 KiB at a time: the first write's last bytes are missing, leaving a gap.
        int firstWrite = 64 * 1024;
        byte[] gappy = new byte[CAB.length - FaultyStagingChannels.LOST_BYTES];
        System.arraycopy(CAB, 0, gappy, 0, firstWrite - FaultyStagingChannels.LOST_BYTES);
        System.arraycopy(CAB, firstWrite, gappy, firstWrite - FaultyStagingChannels.LOST_BYTES, CAB.length - firstWrite);

        assertThatThrownBy(() -> library.ingest(new ByteArrayInputStream(CAB), CAB_HASH))
                .isInstanceOf(UncheckedIOException.class)
                .cause().isInstanceOf(StagedBytesMismatchException.class)
                .hasMessageEndingWith("does not hold what was written: expected " + CAB_HASH + " (" + CAB.length
                        + " bytes), read back " + Sha256.compute(gappy) + " (" + gappy.length + " bytes)");
        assertThat(Files.exists(fileLibPath(CAB_HASH))).isFalse();
        assertThat(staged()).isEmpty();
    }

    @Test
    void aByteChangedOnTheWayToDiskIsNotCommitted() throws Exception {
        ContentLibrary library = ContentLibrary.open(channels.inject(Fault.FLIPS_A_BIT).open(dir));
        byte[] flipped = CAB.clone();
        flipped[0] ^= 1;

        assertThatThrownBy(() -> library.ingest(new ByteArrayInputStream(CAB), CAB_HASH))
                .cause().isInstanceOf(StagedBytesMismatchException.class)
                .hasMessageContaining("read back " + Sha256.compute(flipped) + " (" + CAB.length + " bytes)");
        assertThat(Files.exists(fileLibPath(CAB_HASH))).isFalse();
        assertThat(staged()).isEmpty();
    }

    private Path fileLibPath(Sha256 hash) {
        return dir.resolve("FileLib").resolve(hash.hex().substring(0, 4)).resolve(hash.hex());
    }

    private java.util.List<Path> staged() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("Staging"))) {
            return files.toList();
        }
    }

    private static byte[] bytes(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}

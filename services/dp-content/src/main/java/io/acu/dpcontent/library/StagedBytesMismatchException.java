package io.acu.dpcontent.library;

import io.acu.formats.Sha256;
import java.io.IOException;

/**
 * The bytes a staged upload holds on disk, read back before its commit, are not the bytes that were streamed into it
 * (a lost or torn write, a faulty device): a storage failure, not the sender's fault, so the file is not committed
 * and the sender may try again.
 */
public class StagedBytesMismatchException extends IOException {

    /**
     * @param staged the staging file
     * @param expected the hash the streamed bytes had (the manifest's)
     * @param expectedBytes how many bytes were streamed
     * @param onDisk the hash of what was read back
     * @param onDiskBytes how many bytes were read back
     */
    public StagedBytesMismatchException(String staged, Sha256 expected, long expectedBytes, Sha256 onDisk, long onDiskBytes) {
        super("staged file " + staged + " does not hold what was written: expected " + expected + " (" + expectedBytes
                + " bytes), read back " + onDisk + " (" + onDiskBytes + " bytes)");
    }
}

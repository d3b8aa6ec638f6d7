package io.acu.manifestbuilder.fileversion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * The Authenticode image hash of a PE file ("Windows Authenticode Portable Executable Signature Format", 2008):
 * the digest of the file's bytes except the optional header's CheckSum field, the Certificate Table data
 * directory entry and the attribute certificate table itself. Computed over the file linearly (as osslsigncode and
 * signtool do for files whose sections follow each other), streamed.
 */
final class AuthenticodeImageHash {

    private AuthenticodeImageHash() {
    }

    /**
     * @param file the PE file
     * @param algorithm the JCA digest name, e.g. {@code SHA-256}
     * @return the digest
     * @throws IOException if the file cannot be read or is not a PE file
     */
    static byte[] compute(Path file, String algorithm) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 4096)).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(head, 0);
            int peOffset = head.getInt(0x3C);
            if (peOffset < 0 || peOffset + 24 + 2 > head.capacity() || head.getInt(peOffset) != 0x00004550) {
                throw new IOException("not a PE file");
            }
            int optional = peOffset + 24;
            int magic = Short.toUnsignedInt(head.getShort(optional));
            int checksum = optional + 64;
            int directories = optional + (magic == 0x20B ? 112 : 96);
            int certificateEntry = directories + 4 * 8;
            if (certificateEntry + 8 > head.capacity()) {
                throw new IOException("truncated PE optional header");
            }
            long certificateOffset = Integer.toUnsignedLong(head.getInt(certificateEntry));
            long certificateSize = Integer.toUnsignedLong(head.getInt(certificateEntry + 4));
            if (certificateOffset == 0 || certificateOffset + certificateSize > size) {
                certificateOffset = size;
                certificateSize = 0;
            }
            MessageDigest digest;
            try {
                digest = MessageDigest.getInstance(algorithm);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IOException("unsupported Authenticode digest " + algorithm, e);
            }
            try (InputStream in = java.nio.channels.Channels.newInputStream(channel.position(0))) {
                long position = 0;
                position = copy(in, digest, position, checksum, true);
                position = copy(in, digest, position, checksum + 4, false);
                position = copy(in, digest, position, certificateEntry, true);
                position = copy(in, digest, position, certificateEntry + 8, false);
                position = copy(in, digest, position, certificateOffset, true);
                position = copy(in, digest, position, certificateOffset + certificateSize, false);
                copy(in, digest, position, size, true);
            }
            return digest.digest();
        }
    }

    /** Reads from {@code position} up to {@code end}, hashing the bytes if {@code hash}; returns {@code end}. */
    private static long copy(InputStream in, MessageDigest digest, long position, long end, boolean hash) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (position < end) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, end - position));
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            if (hash) {
                digest.update(buffer, 0, n);
            }
            position += n;
        }
        return position;
    }
}

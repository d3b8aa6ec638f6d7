package io.acu.formats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A SHA-256 digest (FIPS 180-4), as carried in the {@code FileHash} attribute of ccmsetup.xml
 * and used as the key of the content library.
 *
 * <p>Written as 64 upper-case hex digits, the way ConfigMgr writes {@code FileHash}; parsed in
 * any case. Equality compares the 32 digest bytes, so hashes that differ only in letter case are
 * equal.
 */
public final class Sha256 {

    /** Digest length in bytes. */
    public static final int LENGTH_BYTES = 32;
    /** Length of the hex form in characters. */
    public static final int LENGTH_HEX = 2 * LENGTH_BYTES;

    private static final String FORMAT = "SHA-256 hash";
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    /** Read buffer for streaming: large enough to amortise the call overhead, small enough to never matter. */
    private static final int BUFFER_BYTES = 64 * 1024;

    private final byte[] bytes;

    private Sha256(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Parses the hex form.
     *
     * @param hex exactly 64 hex digits, upper or lower case, nothing else
     * @throws InvalidValueException if the length is not 64 or a character is not a hex digit
     * @throws NullPointerException if {@code hex} is null
     */
    public static Sha256 parse(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != LENGTH_HEX) {
            throw new InvalidValueException(FORMAT, hex,
                    "expected " + LENGTH_HEX + " hex digits, got " + hex.length() + " characters");
        }
        for (int i = 0; i < hex.length(); i++) {
            if (!isHexDigit(hex.charAt(i))) {
                throw new InvalidValueException(FORMAT, hex, "character " + (i + 1) + " is not a hex digit");
            }
        }
        return new Sha256(HEX.parseHex(hex));
    }

    // ASCII only: Character.digit would also accept full-width and other Unicode digits.
    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * Wraps a digest, e.g. from {@link MessageDigest#digest()}. The array is copied.
     *
     * @throws InvalidValueException if {@code digest} is not 32 bytes long
     */
    public static Sha256 of(byte[] digest) {
        if (digest.length != LENGTH_BYTES) {
            throw new InvalidValueException(FORMAT, HEX.formatHex(digest),
                    "expected " + LENGTH_BYTES + " bytes, got " + digest.length);
        }
        return new Sha256(digest.clone());
    }

    /** The SHA-256 of {@code data}. */
    public static Sha256 compute(byte[] data) {
        return hasher().update(data).finish();
    }

    /**
     * The SHA-256 of everything left in {@code in}, read in 64 KiB chunks (never whole in memory).
     * The stream is read to its end but not closed.
     *
     * @throws IOException if reading fails
     */
    public static Sha256 compute(InputStream in) throws IOException {
        Hasher hasher = hasher();
        byte[] buffer = new byte[BUFFER_BYTES];
        for (int n; (n = in.read(buffer)) != -1; ) {
            hasher.update(buffer, 0, n);
        }
        return hasher.finish();
    }

    /**
     * The SHA-256 of a file's content, streamed.
     *
     * @throws IOException if the file cannot be opened or read
     */
    public static Sha256 compute(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return compute(in);
        }
    }

    /** A new incremental hasher, for content that arrives in pieces (uploads, copies). */
    public static Hasher hasher() {
        return new Hasher();
    }

    /** A copy of the 32 digest bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The 64 upper-case hex digits, as written in ccmsetup.xml. */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    /** Same as {@link #hex()}. */
    @Override
    public String toString() {
        return hex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sha256 other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /**
     * Computes a SHA-256 incrementally: {@code update} any number of times, then {@link #finish()}
     * once. Not thread-safe; not reusable after {@code finish}.
     */
    public static final class Hasher {

        private final MessageDigest digest;
        private boolean finished;

        private Hasher() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                // Every Java platform must provide SHA-256 (MessageDigest javadoc).
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }

        /** Adds all of {@code data}. */
        public Hasher update(byte[] data) {
            return update(data, 0, data.length);
        }

        /** Adds {@code length} bytes of {@code data} starting at {@code offset}. */
        public Hasher update(byte[] data, int offset, int length) {
            checkOpen();
            digest.update(data, offset, length);
            return this;
        }

        /** Adds the remaining bytes of {@code data}, consuming them. */
        public Hasher update(ByteBuffer data) {
            checkOpen();
            digest.update(data);
            return this;
        }

        /**
         * The digest of everything added.
         *
         * @throws IllegalStateException if already finished
         */
        public Sha256 finish() {
            checkOpen();
            finished = true;
            return new Sha256(digest.digest());
        }

        private void checkOpen() {
            if (finished) {
                throw new IllegalStateException("Hasher already finished");
            }
        }
    }
}

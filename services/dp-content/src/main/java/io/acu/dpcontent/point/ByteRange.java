package io.acu.dpcontent.point;

/**
 * A satisfiable byte range of a representation, resolved against its size (RFC 9110 §14.1.2): positions are
 * zero-based and inclusive.
 *
 * @param first the first byte's offset, 0 or more
 * @param last the last byte's offset, {@code first} or more and below the size
 */
public record ByteRange(long first, long last) {

    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException if {@code first} is negative or {@code last} is below it
     */
    public ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("invalid byte range " + first + "-" + last);
        }
    }

    /** @return the number of bytes, {@code last - first + 1} */
    public long length() {
        return last - first + 1;
    }

    /**
     * The Content-Range field value of this range (RFC 9110 §14.4).
     *
     * @param size the complete representation's size in bytes
     * @return e.g. {@code bytes 0-499/1234}
     */
    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }
}

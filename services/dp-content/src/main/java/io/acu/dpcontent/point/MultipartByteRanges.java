package io.acu.dpcontent.point;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The framing of a {@code multipart/byteranges} body (RFC 9110 §14.6, RFC 2046 §5.1): for each range a delimiter
 * and part header, then the range's bytes; a close delimiter at the end. The adapter writes {@link Part#header()},
 * streams the range from disk, and finally writes {@link #trailer()}; {@link #contentLength()} is known up front.
 */
public final class MultipartByteRanges {

    private final String boundary;
    private final List<Part> parts;
    private final byte[] trailer;
    private final long contentLength;

    /**
     * One part: its header bytes and the range to send after them.
     *
     * @param header CRLF, delimiter, Content-Type and Content-Range fields, blank line
     * @param range the bytes to send
     */
    public record Part(byte[] header, ByteRange range) {
    }

    /**
     * @param ranges the ranges, in the order to send, at least one
     * @param size the complete representation's size in bytes
     * @param contentType each part's Content-Type, e.g. {@code application/octet-stream}
     * @param boundary a boundary that does not occur in the content (e.g. random hex, 1–70 characters)
     */
    public MultipartByteRanges(List<ByteRange> ranges, long size, String contentType, String boundary) {
        this.boundary = boundary;
        List<Part> built = new ArrayList<>();
        long length = 0;
        for (ByteRange range : ranges) {
            byte[] header = ("\r\n--" + boundary + "\r\nContent-Type: " + contentType + "\r\nContent-Range: "
                    + range.contentRange(size) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            built.add(new Part(header, range));
            length += header.length + range.length();
        }
        this.parts = List.copyOf(built);
        this.trailer = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        this.contentLength = length + trailer.length;
    }

    /** @return the response's Content-Type, {@code multipart/byteranges; boundary=…} */
    public String contentType() {
        return "multipart/byteranges; boundary=" + boundary;
    }

    /** @return the parts in order */
    public List<Part> parts() {
        return parts;
    }

    /** @return the close delimiter, sent after the last part */
    public byte[] trailer() {
        return trailer.clone();
    }

    /** @return the body's exact length in bytes, for Content-Length */
    public long contentLength() {
        return contentLength;
    }
}

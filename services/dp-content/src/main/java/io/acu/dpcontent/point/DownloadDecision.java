package io.acu.dpcontent.point;

import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Which response a client's {@code GET} or {@code HEAD} of a stored file gets, per RFC 9110: the conditional and range
 * fields weighed against the file's validators and size, in the order §13.2.2 evaluates them. The routes only render
 * the answer (headers, then the bytes from disk); this class decides.
 *
 * <ol>
 *   <li>{@code If-None-Match} (§13.1.2, weak comparison, {@code *} matches any): a match is 304 Not Modified;
 *   <li>{@code If-Range} (§13.1.5, see {@link IfRange}): when the client's validator is stale the Range is ignored and
 *       the whole new file sent, as BITS expects after the content changed under a paused download;
 *   <li>{@code Range} (§14.2, see {@link RangeRequest}): none or an ignored one (including one with more
 *       than {@link RangeRequest#MAX_RANGES} ranges) is 200 with the whole file; the satisfiable ranges are coalesced
 *       where they overlap or touch (§15.3.7.2), so no byte is sent twice; one remaining range is 206 with
 *       {@code Content-Range} (e.g. {@code bytes=0-9,10-19} is {@code bytes 0-19/size}); several are 206
 *       {@code multipart/byteranges} (§14.6); none satisfiable is 416 with {@code Content-Range: bytes *}{@code /size}.
 * </ol>
 */
public final class DownloadDecision {

    private DownloadDecision() {
    }

    /**
     * The request fields that decide, each as received, or null when absent.
     *
     * @param ifNoneMatch e.g. {@code "B0336B…"}, {@code W/"B0336B…", "…"} or {@code *}
     * @param ifRange an entity tag or an HTTP-date
     * @param range e.g. {@code bytes=0-499,-500}
     */
    public record Request(String ifNoneMatch, String ifRange, String range) {
    }

    /**
     * The stored file the client asks for.
     *
     * @param etag its strong entity tag, quoted: the SHA-256 in hex, e.g. {@code "B0336B…"}
     * @param lastModified when it was committed to the library (Last-Modified)
     * @param sizeBytes its size in bytes, 0 or more
     * @param contentType its media type, e.g. {@code application/octet-stream}; each multipart part carries it
     */
    public record Representation(String etag, Instant lastModified, long sizeBytes, String contentType) {
    }

    /** The response to send. */
    public sealed interface Response permits NotModified, WholeFile, SingleRange, MultipleRanges, NotSatisfiable {
        /** @return the HTTP status code */
        int status();
    }

    /** 304: the client's copy is current; no body. */
    public record NotModified() implements Response {
        @Override
        public int status() {
            return 304;
        }
    }

    /**
     * 200 with the whole file.
     *
     * @param sizeBytes the Content-Length
     */
    public record WholeFile(long sizeBytes) implements Response {
        @Override
        public int status() {
            return 200;
        }
    }

    /**
     * 206 with one range of the file.
     *
     * @param range the bytes to send
     * @param contentRange the Content-Range field value, e.g. {@code bytes 0-499/1234}
     */
    public record SingleRange(ByteRange range, String contentRange) implements Response {
        @Override
        public int status() {
            return 206;
        }
    }

    /**
     * 206 {@code multipart/byteranges}: several ranges, each framed as a part.
     *
     * @param body the framing: Content-Type with the boundary, each part's header and range, the trailer, the length
     */
    public record MultipleRanges(MultipartByteRanges body) implements Response {
        @Override
        public int status() {
            return 206;
        }
    }

    /**
     * 416: no requested range overlaps the file.
     *
     * @param contentRange the Content-Range field value, e.g. {@code bytes *}{@code /1234}
     */
    public record NotSatisfiable(String contentRange) implements Response {
        @Override
        public int status() {
            return 416;
        }
    }

    /**
     * Decides the response.
     *
     * @param request the request's conditional and range fields
     * @param file the stored file asked for
     * @param boundary makes a multipart boundary (e.g. random hex, 1–70 characters, not occurring in the content);
     *     asked only when several ranges are sent
     * @return what to send
     */
    public static Response decide(Request request, Representation file, Supplier<String> boundary) {
        if (matchesAny(request.ifNoneMatch(), file.etag())) {
            return new NotModified();
        }
        long size = file.sizeBytes();
        RangeRequest.Outcome outcome = IfRange.permitsRange(request.ifRange(), file.etag(), file.lastModified())
                ? RangeRequest.evaluate(request.range(), size)
                : new RangeRequest.Whole();
        if (outcome instanceof RangeRequest.Unsatisfiable) {
            return new NotSatisfiable("bytes */" + size);
        }
        if (outcome instanceof RangeRequest.Partial partial && partial.ranges().size() == 1) {
            ByteRange range = partial.ranges().get(0);
            return new SingleRange(range, range.contentRange(size));
        }
        if (outcome instanceof RangeRequest.Partial partial) {
            return new MultipleRanges(new MultipartByteRanges(partial.ranges(), size, file.contentType(), boundary.get()));
        }
        return new WholeFile(size);
    }

    /**
     * {@code If-None-Match} against the current entity tag by weak comparison (§8.8.3.2): a {@code W/} prefix on the
     * client's tag is ignored.
     */
    private static boolean matchesAny(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return ifNoneMatch.trim().equals("*") || Arrays.stream(ifNoneMatch.split(","))
                .map(String::trim).map(t -> t.startsWith("W/") ? t.substring(2) : t).anyMatch(etag::equals);
    }
}

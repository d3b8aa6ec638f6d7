package io.acu.dpcontent.point;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.dpcontent.point.DownloadDecision.MultipleRanges;
import io.acu.dpcontent.point.DownloadDecision.NotModified;
import io.acu.dpcontent.point.DownloadDecision.NotSatisfiable;
import io.acu.dpcontent.point.DownloadDecision.Representation;
import io.acu.dpcontent.point.DownloadDecision.Request;
import io.acu.dpcontent.point.DownloadDecision.Response;
import io.acu.dpcontent.point.DownloadDecision.SingleRange;
import io.acu.dpcontent.point.DownloadDecision.WholeFile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * RFC 9110's choice between 200, 304, 206, multipart 206 and 416 for a 10 000-byte file (the size the RFC's
 * examples use), as a resuming BITS job, {@code curl -r} and a download manager ask for it.
 */
class DownloadDecisionTest {

    private static final String ETAG = "\"B0336B59E2F4A5E4F1A8D7C3E7D3B0C9A1F2E3D4C5B6A7980112233445566778\"";
    private static final Instant COMMITTED = Instant.parse("2026-11-29T10:00:00.250Z");
    private static final Representation FILE = new Representation(ETAG, COMMITTED, 10_000, "application/octet-stream");
    private static final String BOUNDARY = "3d6b6a416f9b5c2e1a0d4f7c";

    private static Response decide(String ifNoneMatch, String ifRange, String range) {
        return DownloadDecision.decide(new Request(ifNoneMatch, ifRange, range), FILE, () -> BOUNDARY);
    }

    @Test
    void noRangeIsTheWholeFile() {
        assertThat(decide(null, null, null)).isEqualTo(new WholeFile(10_000));
        assertThat(decide(null, null, null).status()).isEqualTo(200);
    }

    @Test
    void aMatchingIfNoneMatchIsNotModifiedWhateverTheRange() {
        assertThat(decide(ETAG, null, "bytes=0-499")).isEqualTo(new NotModified());
        assertThat(decide(ETAG, null, null).status()).isEqualTo(304);
        // Weak comparison (§13.1.2): a W/ tag and a list that holds the tag match too, and so does *.
        assertThat(decide("W/" + ETAG, null, null)).isInstanceOf(NotModified.class);
        assertThat(decide("\"0000\", " + ETAG, null, null)).isInstanceOf(NotModified.class);
        assertThat(decide(" * ", null, null)).isInstanceOf(NotModified.class);
        assertThat(decide("\"0000\"", null, null)).isEqualTo(new WholeFile(10_000));
    }

    @Test
    void oneRangeIsPartialContentWithItsBoundsAndContentRange() {
        Response first = decide(null, null, "bytes=0-499");
        assertThat(first).isEqualTo(new SingleRange(new ByteRange(0, 499), "bytes 0-499/10000"));
        assertThat(first.status()).isEqualTo(206);
        // A BITS job resuming at byte 9500, the end clamped to the last byte.
        assertThat(decide(null, null, "bytes=9500-20000")).isEqualTo(new SingleRange(new ByteRange(9500, 9999), "bytes 9500-9999/10000"));
        assertThat(decide(null, null, "bytes=-500")).isEqualTo(new SingleRange(new ByteRange(9500, 9999), "bytes 9500-9999/10000"));
    }

    @Test
    void rangesThatOverlapOrTouchAreOneRangeNotAMultipartThatRepeatsBytes() {
        assertThat(decide(null, null, "bytes=0-9,10-19")).isEqualTo(new SingleRange(new ByteRange(0, 19), "bytes 0-19/10000"));
        assertThat(decide(null, null, "bytes=0-,0-")).isEqualTo(new SingleRange(new ByteRange(0, 9999), "bytes 0-9999/10000"));
        assertThat(decide(null, null, "bytes=" + "0-,".repeat(RangeRequest.MAX_RANGES)))
                .isEqualTo(new SingleRange(new ByteRange(0, 9999), "bytes 0-9999/10000"));
        assertThat(decide(null, null, "bytes=" + "0-,".repeat(RangeRequest.MAX_RANGES + 1))).isEqualTo(new WholeFile(10_000));
    }

    @Test
    void severalRangesAreMultipartWithOneDelimiterPerPartAndACloseDelimiter() {
        AtomicInteger boundariesMade = new AtomicInteger();
        Response response = DownloadDecision.decide(new Request(null, null, "bytes=0-49,100-149,-50"), FILE, () -> {
            boundariesMade.incrementAndGet();
            return BOUNDARY;
        });
        assertThat(response.status()).isEqualTo(206);
        MultipartByteRanges body = ((MultipleRanges) response).body();
        assertThat(body.contentType()).isEqualTo("multipart/byteranges; boundary=" + BOUNDARY);
        assertThat(body.parts()).extracting(MultipartByteRanges.Part::range)
                .containsExactly(new ByteRange(0, 49), new ByteRange(100, 149), new ByteRange(9950, 9999));
        StringBuilder framing = new StringBuilder();
        body.parts().forEach(part -> framing.append(new String(part.header(), StandardCharsets.US_ASCII)));
        framing.append(new String(body.trailer(), StandardCharsets.US_ASCII));
        int delimiters = framing.toString().split("--" + BOUNDARY, -1).length - 1;
        assertThat(delimiters).isEqualTo(4); // one before each of the 3 parts, and the close delimiter
        assertThat(framing.toString()).contains("Content-Range: bytes 9950-9999/10000").endsWith("--" + BOUNDARY + "--\r\n");
        assertThat(body.contentLength()).isEqualTo(framing.length() + 50 + 50 + 50);
        assertThat(boundariesMade).hasValue(1);
    }

    @Test
    void noBoundaryIsMadeUnlessSeveralRangesAreSent() {
        AtomicInteger boundariesMade = new AtomicInteger();
        for (String range : new String[] {null, "bytes=0-499", "bytes=10000-"}) {
            DownloadDecision.decide(new Request(null, null, range), FILE, () -> {
                boundariesMade.incrementAndGet();
                return BOUNDARY;
            });
        }
        assertThat(boundariesMade).hasValue(0);
    }

    @Test
    void noSatisfiableRangeIsRangeNotSatisfiableWithTheSize() {
        Response response = decide(null, null, "bytes=10000-");
        assertThat(response).isEqualTo(new NotSatisfiable("bytes */10000"));
        assertThat(response.status()).isEqualTo(416);
        assertThat(decide(null, null, "bytes=20000-30000,-0")).isEqualTo(new NotSatisfiable("bytes */10000"));
    }

    @Test
    void aStaleIfRangeSendsTheWholeNewFileInsteadOfTheRange() {
        // The client's validator is the file it started with: the range applies.
        assertThat(decide(null, ETAG, "bytes=5000-")).isEqualTo(new SingleRange(new ByteRange(5000, 9999), "bytes 5000-9999/10000"));
        assertThat(decide(null, "Sun, 29 Nov 2026 10:00:00 GMT", "bytes=5000-"))
                .isEqualTo(new SingleRange(new ByteRange(5000, 9999), "bytes 5000-9999/10000"));
        // The content changed since: 200 with all of it, and never 416 for a range past the new end.
        assertThat(decide(null, "\"0000\"", "bytes=5000-")).isEqualTo(new WholeFile(10_000));
        assertThat(decide(null, "Sun, 29 Nov 2026 09:59:59 GMT", "bytes=5000-")).isEqualTo(new WholeFile(10_000));
        assertThat(decide(null, "W/" + ETAG, "bytes=5000-")).isEqualTo(new WholeFile(10_000));
        assertThat(decide(null, "\"0000\"", "bytes=20000-")).isEqualTo(new WholeFile(10_000));
    }

    @Test
    void anIgnoredRangeHeaderIsTheWholeFile() {
        assertThat(decide(null, null, "items=0-5")).isEqualTo(new WholeFile(10_000));
        assertThat(decide(null, null, "bytes=5-1")).isEqualTo(new WholeFile(10_000));
    }
}

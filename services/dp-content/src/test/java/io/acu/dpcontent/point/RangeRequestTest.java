package io.acu.dpcontent.point;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.dpcontent.point.RangeRequest.Partial;
import io.acu.dpcontent.point.RangeRequest.Unsatisfiable;
import io.acu.dpcontent.point.RangeRequest.Whole;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** RFC 9110 §14.1–14.2 range evaluation against a 10 000-byte representation (the RFC's examples use this size). */
class RangeRequestTest {

    private static final long SIZE = 10_000;

    @Test
    void rfcExamplesResolveToTheRightBytes() {
        assertThat(RangeRequest.evaluate("bytes=0-499", SIZE)).isEqualTo(new Partial(List.of(new ByteRange(0, 499))));
        assertThat(RangeRequest.evaluate("bytes=500-999", SIZE)).isEqualTo(new Partial(List.of(new ByteRange(500, 999))));
        assertThat(RangeRequest.evaluate("bytes=-500", SIZE)).isEqualTo(new Partial(List.of(new ByteRange(9500, 9999))));
        assertThat(RangeRequest.evaluate("bytes=9500-", SIZE)).isEqualTo(new Partial(List.of(new ByteRange(9500, 9999))));
        assertThat(RangeRequest.evaluate("bytes=0-0,-1", SIZE))
                .isEqualTo(new Partial(List.of(new ByteRange(0, 0), new ByteRange(9999, 9999))));
    }

    @Test
    void lastPositionBeyondTheEndIsClampedAndSuffixLongerThanTheFileMeansAllOfIt() {
        assertThat(RangeRequest.evaluate("bytes=9000-20000", SIZE)).isEqualTo(new Partial(List.of(new ByteRange(9000, 9999))));
        assertThat(RangeRequest.evaluate("bytes=-20000", SIZE)).isEqualTo(new Partial(List.of(new ByteRange(0, 9999))));
        assertThat(RangeRequest.evaluate("bytes=0-99999999999999999999999", SIZE)).isEqualTo(new Partial(List.of(new ByteRange(0, 9999))));
    }

    @Test
    void unitIsCaseInsensitiveAndWhitespaceAndEmptyElementsAreTolerated() {
        assertThat(RangeRequest.evaluate("Bytes = 0-9 , , 20-29", SIZE))
                .isEqualTo(new Partial(List.of(new ByteRange(0, 9), new ByteRange(20, 29))));
    }

    @Test
    void rangesStartingAtOrPastTheEndAreUnsatisfiableButDroppedWhenOthersAreSatisfiable() {
        assertThat(RangeRequest.evaluate("bytes=10000-", SIZE)).isInstanceOf(Unsatisfiable.class);
        assertThat(RangeRequest.evaluate("bytes=-0", SIZE)).isInstanceOf(Unsatisfiable.class);
        assertThat(RangeRequest.evaluate("bytes=0-", 0)).isInstanceOf(Unsatisfiable.class);
        assertThat(RangeRequest.evaluate("bytes=20000-30000,0-9", SIZE)).isEqualTo(new Partial(List.of(new ByteRange(0, 9))));
    }

    @Test
    void invalidOrForeignHeadersAreIgnored() {
        assertThat(RangeRequest.evaluate(null, SIZE)).isInstanceOf(Whole.class);
        assertThat(RangeRequest.evaluate("items=0-5", SIZE)).isInstanceOf(Whole.class);
        assertThat(RangeRequest.evaluate("bytes=5-1", SIZE)).isInstanceOf(Whole.class);
        assertThat(RangeRequest.evaluate("bytes=abc", SIZE)).isInstanceOf(Whole.class);
        assertThat(RangeRequest.evaluate("bytes=-", SIZE)).isInstanceOf(Whole.class);
        assertThat(RangeRequest.evaluate("bytes=+1-5", SIZE)).isInstanceOf(Whole.class);
        assertThat(RangeRequest.evaluate("bytes=", SIZE)).isInstanceOf(Whole.class);
        assertThat(RangeRequest.evaluate("bytes 0-5", SIZE)).isInstanceOf(Whole.class);
    }

    @Test
    void moreThanTheMaximumNumberOfRangesIsIgnored() {
        String seventeen = "bytes=" + String.join(",", Collections.nCopies(RangeRequest.MAX_RANGES + 1, "0-1"));
        String sixteenDisjoint = "bytes=" + String.join(",", IntStream.range(0, RangeRequest.MAX_RANGES)
                .mapToObj(i -> (i * 10) + "-" + (i * 10 + 1)).toList());
        assertThat(RangeRequest.evaluate(seventeen, SIZE)).isInstanceOf(Whole.class);
        assertThat(((Partial) RangeRequest.evaluate(sixteenDisjoint, SIZE)).ranges()).hasSize(16)
                .startsWith(new ByteRange(0, 1), new ByteRange(10, 11)).endsWith(new ByteRange(150, 151));
    }

    @Test
    void overlappingRangesAreCoalescedSoNoByteIsSentTwice() {
        Partial whole = new Partial(List.of(new ByteRange(0, 9999)));
        assertThat(RangeRequest.evaluate("bytes=0-,0-", SIZE)).isEqualTo(whole);
        assertThat(RangeRequest.evaluate("bytes=" + String.join(",", Collections.nCopies(RangeRequest.MAX_RANGES, "0-")), SIZE))
                .isEqualTo(whole);
        assertThat(RangeRequest.evaluate("bytes=0-5000,-5000", SIZE)).isEqualTo(whole);
        assertThat(RangeRequest.evaluate("bytes=100-199,150-249,120-130", SIZE))
                .isEqualTo(new Partial(List.of(new ByteRange(100, 249))));
        assertThat(RangeRequest.evaluate("bytes=-500,9000-", SIZE)).isEqualTo(new Partial(List.of(new ByteRange(9000, 9999))));
        // An unsatisfiable range among them is still dropped first.
        assertThat(RangeRequest.evaluate("bytes=20000-,0-9,5-9", SIZE)).isEqualTo(new Partial(List.of(new ByteRange(0, 9))));
    }

    @Test
    void adjacentRangesAreCoalescedButAGapKeepsThemApart() {
        assertThat(RangeRequest.evaluate("bytes=0-9,10-19", SIZE)).isEqualTo(new Partial(List.of(new ByteRange(0, 19))));
        assertThat(RangeRequest.evaluate("bytes=10-19,0-9", SIZE)).isEqualTo(new Partial(List.of(new ByteRange(0, 19))));
        assertThat(RangeRequest.evaluate("bytes=0-9,11-19", SIZE))
                .isEqualTo(new Partial(List.of(new ByteRange(0, 9), new ByteRange(11, 19))));
    }

    @Test
    void coalescedRangesTakeThePlaceOfTheirFirstRequestedPartOthersKeepTheRequestOrder() {
        assertThat(RangeRequest.evaluate("bytes=500-599,0-9,9000-,5-20,600-700", SIZE)).isEqualTo(new Partial(List.of(
                new ByteRange(500, 700), new ByteRange(0, 20), new ByteRange(9000, 9999))));
        assertThat(RangeRequest.evaluate("bytes=-1,0-0", SIZE))
                .isEqualTo(new Partial(List.of(new ByteRange(9999, 9999), new ByteRange(0, 0))));
    }

    @Test
    void contentRangeFollowsTheRfcSyntax() {
        assertThat(new ByteRange(0, 499).contentRange(1234)).isEqualTo("bytes 0-499/1234");
        assertThat(new ByteRange(0, 499).length()).isEqualTo(500);
    }
}

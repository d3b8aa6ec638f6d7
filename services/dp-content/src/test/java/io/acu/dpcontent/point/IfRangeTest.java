package io.acu.dpcontent.point;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 9110 §13.1.5 If-Range evaluation. */
class IfRangeTest {

    private static final String ETAG = "\"B0336B863EE0FEE92A309F1BF1F11B878236D45C60165AAF7A6ED48454262595\"";
    private static final Instant MODIFIED = Instant.parse("2026-11-29T10:00:00.750Z");

    @Test
    void absentHeaderPermitsTheRange() {
        assertThat(IfRange.permitsRange(null, ETAG, MODIFIED)).isTrue();
    }

    @Test
    void entityTagsCompareStronglyAndWeakTagsNeverMatch() {
        assertThat(IfRange.permitsRange(ETAG, ETAG, MODIFIED)).isTrue();
        assertThat(IfRange.permitsRange("\"0000\"", ETAG, MODIFIED)).isFalse();
        assertThat(IfRange.permitsRange("W/" + ETAG, ETAG, MODIFIED)).isFalse();
    }

    @Test
    void datesMatchLastModifiedToTheSecond() {
        assertThat(IfRange.httpDate(MODIFIED)).isEqualTo("Sun, 29 Nov 2026 10:00:00 GMT");
        assertThat(IfRange.permitsRange("Sun, 29 Nov 2026 10:00:00 GMT", ETAG, MODIFIED)).isTrue();
        assertThat(IfRange.permitsRange("Sun, 29 Nov 2026 09:59:59 GMT", ETAG, MODIFIED)).isFalse();
        assertThat(IfRange.permitsRange("yesterday", ETAG, MODIFIED)).isFalse();
    }
}

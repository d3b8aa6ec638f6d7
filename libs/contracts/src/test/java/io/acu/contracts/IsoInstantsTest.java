package io.acu.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {

    /** jackson-datatype-jsr310 alone: what EventJson read and wrote before the fast path. */
    private static final ObjectMapper JSR310 = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    @Test
    void writesExactlyWhatInstantToStringWrites() {
        Random random = new Random(20261129);
        long min = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
        int[] nanoShapes = {0, 120_000_000, 123_456_000, 123_456_789, 1, 999_999_999};
        for (int i = 0; i < 200_000; i++) {
            long second = min + Math.floorMod(random.nextLong(), max - min);
            int nano = i % 7 == 6 ? random.nextInt(1_000_000_000) : nanoShapes[i % 6];
            Instant instant = Instant.ofEpochSecond(second, nano);
            String text = IsoInstants.format(instant);
            assertThat(text).isEqualTo(instant.toString());
            if (instant.isAfter(Instant.parse("1000-01-01T00:00:00Z")) && instant.isBefore(Instant.parse("9999-12-31T23:59:59Z"))) {
                assertThat(IsoInstants.parseCanonical(text)).isEqualTo(instant);
            }
        }
    }

    @Test
    void readsEveryFractionLength() {
        assertThat(IsoInstants.parseCanonical("2013-09-09T08:56:47Z")).isEqualTo(Instant.parse("2013-09-09T08:56:47Z"));
        assertThat(IsoInstants.parseCanonical("2013-09-09T08:56:47.1Z")).isEqualTo(Instant.ofEpochSecond(1378717007L, 100_000_000));
        assertThat(IsoInstants.parseCanonical("2013-09-09T08:56:47.12345Z")).isEqualTo(Instant.ofEpochSecond(1378717007L, 123_450_000));
        assertThat(IsoInstants.parseCanonical("2024-02-29T23:59:59.999999999Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.999999999Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2013-09-09T08:56:47+02:00", "2013-09-09T23:59:60Z", "2023-02-29T00:00:00Z", "2013-13-09T08:56:47Z",
            "2013-09-09T24:00:00Z", "2013-09-09 08:56:47Z", "2013-09-09T08:56:47.Z", "2013-09-09T08:56:47.1234567890Z",
            "0999-12-31T00:00:00Z", "+12000-01-01T00:00:00Z", "2013-09-09T08:5a:47Z", "2013-09-09T08:56:47z", "", "20130909085647.000000+000"})
    void leavesEveryOtherFormToJsr310WithItsOwnAnswer(String text) throws Exception {
        assertThat(IsoInstants.parseCanonical(text)).isNull();
        String json = '"' + text + '"';
        Object before;
        Object after;
        try {
            before = JSR310.readValue(json, Instant.class);
        } catch (Exception e) {
            before = e.getClass();
        }
        try {
            after = EventJson.mapper().readValue(json, Instant.class);
        } catch (Exception e) {
            after = e.getClass();
        }
        assertThat(after).isEqualTo(before);
    }

    @Test
    void epochNumbersStillReadAndTimestampsStillWriteThroughJsr310() throws Exception {
        assertThat(EventJson.mapper().readValue("1378717007", Instant.class)).isEqualTo(Instant.parse("2013-09-09T08:56:47Z"));
        assertThat(EventJson.mapper().writeValueAsString(Instant.parse("2013-09-09T08:56:47.120Z"))).isEqualTo("\"2013-09-09T08:56:47.120Z\"");
        assertThat(EventJson.mapper().enable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .writeValueAsString(Instant.parse("2013-09-09T08:56:47.120Z"))).isEqualTo("1378717007.120000000");
    }
}

package io.acu.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WmiDateTimeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "20140120171855.573000+000, 2014-01-20T17:18:55.573Z",
            "20140120171855.573000-300, 2014-01-20T17:18:55.573-05:00",
            "20140120171855.573000+060, 2014-01-20T17:18:55.573+01:00",
            "20130909085647.000000+000, 2013-09-09T08:56:47Z",
            "20240229235959.999999+330, 2024-02-29T23:59:59.999999+05:30",
            "19991231000000.000001-045, 1999-12-31T00:00:00.000001-00:45",
            "00050102030405.000007-720, 0005-01-02T03:04:05.000007-12:00",
    })
    void parsesAndRoundTrips(String text, String iso) {
        WmiDateTime parsed = WmiDateTime.parse(text);
        assertThat(parsed.toOffsetDateTime()).isEqualTo(OffsetDateTime.parse(iso));
        assertThat(parsed.toInstant()).isEqualTo(OffsetDateTime.parse(iso).toInstant());
        assertThat(parsed).hasToString(text);
        assertThat(parsed.text()).isEqualTo(text);
        assertThat(WmiDateTime.of(parsed.toOffsetDateTime())).hasToString(text).isEqualTo(parsed);
        assertThat(WmiDateTime.format(OffsetDateTime.parse(iso))).isEqualTo(text);
    }

    @Test
    void minusZeroEqualsPlusZeroButKeepsItsText() {
        WmiDateTime minus = WmiDateTime.parse("20140120171855.573000-000");
        WmiDateTime plus = WmiDateTime.parse("20140120171855.573000+000");
        assertThat(minus).isEqualTo(plus).hasSameHashCodeAs(plus).hasToString("20140120171855.573000-000");
    }

    @Test
    void ofInstantIsUtcTruncatedToMicroseconds() {
        WmiDateTime t = WmiDateTime.of(Instant.parse("2014-01-20T17:18:55.573000999Z"));
        assertThat(t).hasToString("20140120171855.573000+000");
        assertThat(t.toInstant()).isEqualTo(Instant.parse("2014-01-20T17:18:55.573Z"));
    }

    @Test
    void refusesOffsetsWmiCannotWrite() {
        assertThatThrownBy(() -> WmiDateTime.of(OffsetDateTime.of(2014, 1, 20, 0, 0, 0, 0, ZoneOffset.ofTotalSeconds(30))))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("the offset must be whole minutes within +-999");
        assertThatThrownBy(() -> WmiDateTime.of(OffsetDateTime.of(2014, 1, 20, 0, 0, 0, 0, ZoneOffset.ofHours(18))))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> WmiDateTime.of(OffsetDateTime.of(10000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("the year must be 0..9999");
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            xyz                       | expected yyyyMMddHHmmss.ffffff+UUU (offset in minutes)
            ""                        | expected yyyyMMddHHmmss.ffffff+UUU (offset in minutes)
            20140120171855.573+000    | expected yyyyMMddHHmmss.ffffff+UUU (offset in minutes)
            20140120171855.573000Z    | expected yyyyMMddHHmmss.ffffff+UUU (offset in minutes)
            20140120171855.573000+00  | expected yyyyMMddHHmmss.ffffff+UUU (offset in minutes)
            20140120171855,573000+000 | expected yyyyMMddHHmmss.ffffff+UUU (offset in minutes)
            2014-01-20T17:18:55Z      | expected yyyyMMddHHmmss.ffffff+UUU (offset in minutes)
            20140120******.******+*** | expected yyyyMMddHHmmss.ffffff+UUU (offset in minutes)
            20141320171855.573000+000 | Invalid value for MonthOfYear (valid values 1 - 12): 13
            20140230171855.573000+000 | Invalid date 'FEBRUARY 30'
            20140120246000.000000+000 | Invalid value for HourOfDay (valid values 0 - 23): 24
            20140120171860.000000+000 | Invalid value for SecondOfMinute (valid values 0 - 59): 60
            """)
    void rejectsJunk(String text, String reason) {
        assertThatThrownBy(() -> WmiDateTime.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("'" + text + "' is not a WMI datetime: " + reason);
    }

    @Test
    void acceptsExactlyTheShapeOfItsPattern() {
        // parse checks the shape by hand; every one-character change of a valid text (to each ASCII character, a
        // non-ASCII digit and nothing) and every length around 25 is accepted or refused as SHAPE decides.
        String valid = "20140120171855.573000-300";
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < valid.length(); i++) {
            texts.add(valid.substring(0, i) + valid.substring(i + 1));
            for (char c = 32; c < 127; c++) {
                texts.add(valid.substring(0, i) + c + valid.substring(i + 1));
            }
            texts.add(valid.substring(0, i) + '\u0663' + valid.substring(i + 1)); // ARABIC-INDIC DIGIT THREE
        }
        texts.add(valid + "0");
        texts.add(" " + valid);
        int accepted = 0;
        for (String text : texts) {
            if (WmiDateTime.SHAPE.matcher(text).matches()) {
                try {
                    assertThat(WmiDateTime.parse(text).text()).isEqualTo(text);
                    accepted++;
                } catch (InvalidValueException e) {
                    // The right shape, a field out of range (month 19): refused for that, not for its shape.
                    assertThat(e.getMessage()).as(text).startsWith("'" + text + "' is not a WMI datetime: Invalid ");
                }
            } else {
                assertThatThrownBy(() -> WmiDateTime.parse(text)).as(text)
                        .isInstanceOf(InvalidValueException.class)
                        .hasMessage("'" + text + "' is not a WMI datetime: expected yyyyMMddHHmmss.ffffff+UUU (offset in minutes)");
            }
        }
        // 23 digit positions with 10 digits each, fewer where a digit makes the date invalid; the sign's two.
        assertThat(accepted).isGreaterThan(150);
        assertThat(WmiDateTime.parse("99991231235959.999999-999").toInstant()).isEqualTo(Instant.parse("+10000-01-01T16:38:59.999999Z"));
    }
}

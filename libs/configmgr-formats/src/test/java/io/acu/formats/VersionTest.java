package io.acu.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "4.3.0215.0000,  =, 4.3.215.0",
            "4.3.215,        =, 4.3.215.0",
            "4.3,            =, 4.3.0.0",
            "7,              =, 7.0.0.0",
            "005.00.7804.1000, =, 5.0.7804.1000",
            "4.3.215.0,      <, 4.3.215.1",
            "4.3.215.1,      <, 5.00.7804.1000",
            "4.2.223.0,      <, 4.2.223.1",
            "4.2.223.1,      <, 4.3.215.0",
            "4.2.223.1,      <, 4.3.0215.0000",
            "5.00.7804.1000, <, 5.00.7804.1001",
            "5.00.7783.1000, <, 5.00.7804.1000",
            "5.0.9,          <, 5.0.10",
            "5.0.99999,      >, 5.0.65535",
            "1.2.3514.0,     >, 1.2.3513.99999",
            "10.0,           >, 9.9.9.9",
    })
    void comparesNumerically(String left, String relation, String right) {
        Version a = Version.parse(left);
        Version b = Version.parse(right);
        switch (relation) {
            case "=" -> {
                assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
                assertThat(a.compareTo(b)).isZero();
                assertThat(a.isAtLeast(b)).isTrue();
                assertThat(b.isAtLeast(a)).isTrue();
            }
            case "<" -> {
                assertThat(a.compareTo(b)).isNegative();
                assertThat(b.compareTo(a)).isPositive();
                assertThat(a).isNotEqualTo(b);
                assertThat(a.isAtLeast(b)).isFalse();
                assertThat(b.isAtLeast(a)).isTrue();
            }
            case ">" -> {
                assertThat(a.compareTo(b)).isPositive();
                assertThat(a.isAtLeast(b)).isTrue();
                assertThat(b.isAtLeast(a)).isFalse();
            }
            default -> throw new IllegalArgumentException(relation);
        }
    }

    @Test
    void sortsAsReleased() {
        List<Version> shuffled = new ArrayList<>(List.of(
                Version.parse("5.00.7804.1000"), Version.parse("4.3.215.1"), Version.parse("4.2.223.0"),
                Version.parse("4.3.0215.0000"), Version.parse("4.2.223.1")));
        Collections.shuffle(shuffled, new java.util.Random(7));
        Collections.sort(shuffled);
        assertThat(shuffled).extracting(Version::toString)
                .containsExactly("4.2.223.0", "4.2.223.1", "4.3.0215.0000", "4.3.215.1", "5.00.7804.1000");
    }

    @Test
    void keepsOriginalTextAndNormalizes() {
        Version v = Version.parse("4.3.0215.0000");
        assertThat(v).hasToString("4.3.0215.0000");
        assertThat(v.normalized()).isEqualTo("4.3.215.0");
        assertThat(Version.parse("5.00.7804").normalized()).isEqualTo("5.0.7804.0");
        assertThat(v.major()).isEqualTo(4);
        assertThat(v.minor()).isEqualTo(3);
        assertThat(v.build()).isEqualTo(215);
        assertThat(v.revision()).isZero();
    }

    @Test
    void ofBuildsFromParts() {
        Version v = Version.of(5, 0, 7804, 1000);
        assertThat(v).hasToString("5.0.7804.1000").isEqualTo(Version.parse("5.00.7804.1000"));
        assertThatThrownBy(() -> Version.of(5, -1, 0, 0)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("must not be negative");
    }

    @Test
    void largePartsAreAllowed() {
        assertThat(Version.parse("1.70000").minor()).isEqualTo(70000);
        assertThat(Version.parse("9223372036854775807").major()).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""                     | '' is not a version: it is empty
            abc                    | 'abc' is not a version: part 1 'abc' is not a non-negative number
            4.x.1                  | '4.x.1' is not a version: part 2 'x' is not a non-negative number
            4.-3.1                 | '4.-3.1' is not a version: part 2 '-3' is not a non-negative number
            -1                     | '-1' is not a version: part 1 '-1' is not a non-negative number
            1.2.3.4.5              | '1.2.3.4.5' is not a version: it has 5 parts, at most 4 are allowed
            4..3                   | '4..3' is not a version: part 2 is empty
            4.3.                   | '4.3.' is not a version: part 3 is empty
            .4                     | '.4' is not a version: part 1 is empty
            " 4.3"                 | ' 4.3' is not a version: part 1 ' 4' is not a non-negative number
            +4.3                   | '+4.3' is not a version: part 1 '+4' is not a non-negative number
            1.99999999999999999999 | '1.99999999999999999999' is not a version: part 2 is too large
            4.٣                    | '4.٣' is not a version: part 2 '٣' is not a non-negative number
            """)
    void rejectsJunkWithAClearReason(String text, String message) {
        assertThatThrownBy(() -> Version.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void nullIsAProgrammingError() {
        assertThatThrownBy(() -> Version.parse(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void errorMessagesShortenHostileInput() {
        String hostile = "1.2\n" + "x".repeat(10_000);
        assertThatThrownBy(() -> Version.parse(hostile))
                .hasMessageStartingWith("'1.2?xxxx")
                .hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
    }
}

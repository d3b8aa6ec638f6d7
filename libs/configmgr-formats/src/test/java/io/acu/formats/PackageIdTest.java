package io.acu.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PackageIdTest {

    @Test
    void parsesSiteCodeAndHexSequence() {
        PackageId id = PackageId.parse("CAS00006");
        assertThat(id).hasToString("CAS00006");
        assertThat(id.siteCode()).isEqualTo("CAS");
        assertThat(id.sequence()).isEqualTo(6);

        PackageId hex = PackageId.parse("P010A1F0");
        assertThat(hex.siteCode()).isEqualTo("P01");
        assertThat(hex.sequence()).isEqualTo(0xA1F0);
        assertThat(PackageId.parse("XYZFFFFF").sequence()).isEqualTo(PackageId.MAX_SEQUENCE);
    }

    @Test
    void isCaseInsensitiveAndNormalisedUpperCase() {
        PackageId lower = PackageId.parse("cas0000a");
        assertThat(lower).hasToString("CAS0000A").isEqualTo(PackageId.parse("CAS0000A"))
                .hasSameHashCodeAs(PackageId.parse("CAS0000A"));
    }

    @Test
    void ofFormatsFiveHexDigits() {
        assertThat(PackageId.of("CAS", 6)).isEqualTo(PackageId.parse("CAS00006"));
        assertThat(PackageId.of("cas", 0xABCDE)).hasToString("CASABCDE");
        assertThatThrownBy(() -> PackageId.of("CAS", 0x100000)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("sequence must be 0..1048575");
        assertThatThrownBy(() -> PackageId.of("CAS", -1)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> PackageId.of("CA", 1)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void ordersBySiteThenSequence() {
        assertThat(PackageId.parse("CAS00006")).isLessThan(PackageId.parse("CAS0000A"));
        assertThat(PackageId.parse("CAS0000A")).isLessThan(PackageId.parse("P0100001"));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
            "''          | expected 8 characters (3-character site code + 5 hex digits), got 0",
            "CAS0006     | expected 8 characters (3-character site code + 5 hex digits), got 7",
            "CAS000006   | expected 8 characters (3-character site code + 5 hex digits), got 9",
            "CAS0000G    | sequence character 5 is not a hex digit",
            "C-S00006    | site code character 2 is not a letter or digit",
            "CÄS00006    | site code character 2 is not a letter or digit",
            "' CAS0006'  | site code character 1 is not a letter or digit",
    })
    void rejectsOtherShapes(String text, String reason) {
        assertThatThrownBy(() -> PackageId.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("'" + text + "' is not a package ID: " + reason);
    }
}

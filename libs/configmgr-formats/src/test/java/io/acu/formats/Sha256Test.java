package io.acu.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Sha256Test {

    private static final String EMPTY = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
    private static final String ABC = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
    // FIPS 180-2 appendix B.2, the 448-bit two-block message.
    private static final String TWO_BLOCKS = "248D6A61D20638B8E5C026930C3E6039A33CE45964FF2167F6ECEDD419DB06C1";

    @Test
    void knownVectors() {
        assertThat(Sha256.compute(new byte[0]).hex()).isEqualTo(EMPTY);
        assertThat(Sha256.compute(ascii("abc"))).hasToString(ABC);
        assertThat(Sha256.compute(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).hex())
                .isEqualTo(TWO_BLOCKS);
    }

    @Test
    void parsesAnyCaseAndWritesUpperCase() {
        Sha256 lower = Sha256.parse(ABC.toLowerCase());
        Sha256 mixed = Sha256.parse("ba7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015ad");
        assertThat(lower).isEqualTo(Sha256.parse(ABC)).isEqualTo(mixed).hasSameHashCodeAs(mixed);
        assertThat(lower.hex()).isEqualTo(ABC);
        assertThat(lower).isNotEqualTo(Sha256.parse(EMPTY));
    }

    @Test
    void ofWrapsADigestAndCopies() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(ascii("abc"));
        Sha256 hash = Sha256.of(digest);
        digest[0] = 0;
        assertThat(hash.hex()).isEqualTo(ABC);
        byte[] out = hash.bytes();
        out[0] = 0;
        assertThat(hash.bytes()[0]).isEqualTo((byte) 0xBA);
        assertThatThrownBy(() -> Sha256.of(new byte[31]))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageEndingWith("is not a SHA-256 hash: expected 32 bytes, got 31");
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
            "''                                                                    | expected 64 hex digits, got 0 characters",
            "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015A       | expected 64 hex digits, got 63 characters",
            "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015ADD     | expected 64 hex digits, got 65 characters",
            "GA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD      | character 1 is not a hex digit",
            "' A7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD'    | character 1 is not a hex digit",
            "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AＡ     | character 64 is not a hex digit",
    })
    void rejectsAnythingButSixtyFourHexDigits(String text, String reason) {
        assertThatThrownBy(() -> Sha256.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("is not a SHA-256 hash: " + reason);
    }

    @Test
    void streamsFilesWithoutLoadingThem(@TempDir Path dir) throws Exception {
        byte[] content = new byte[5 * 1024 * 1024 + 17]; // spans many 64 KiB buffers plus a tail
        new Random(42).nextBytes(content);
        Path file = dir.resolve("client.msi");
        Files.write(file, content);
        Sha256 expected = Sha256.of(MessageDigest.getInstance("SHA-256").digest(content));

        assertThat(Sha256.compute(file)).isEqualTo(expected);
        try (InputStream in = new ByteArrayInputStream(content)) {
            assertThat(Sha256.compute(in)).isEqualTo(expected);
        }
    }

    @Test
    void computeOfAMissingFileFails(@TempDir Path dir) {
        assertThatThrownBy(() -> Sha256.compute(dir.resolve("absent.exe"))).isInstanceOf(IOException.class);
    }

    @Test
    void hasherMatchesOneShotAndFinishesOnce() {
        byte[] content = ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
        Sha256.Hasher hasher = Sha256.hasher()
                .update(content, 0, 10)
                .update(ByteBuffer.wrap(content, 10, 30))
                .update(java.util.Arrays.copyOfRange(content, 40, content.length));
        assertThat(hasher.finish().hex()).isEqualTo(TWO_BLOCKS);
        assertThatThrownBy(hasher::finish).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> hasher.update(content)).isInstanceOf(IllegalStateException.class);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

package io.acu.dpcontent.point;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartByteRangesTest {

    @Test
    void framesEachPartAndKnowsTheExactLength() {
        MultipartByteRanges body = new MultipartByteRanges(List.of(new ByteRange(0, 49), new ByteRange(100, 149)), 1000,
                "application/octet-stream", "THIS_STRING_SEPARATES");
        assertThat(body.contentType()).isEqualTo("multipart/byteranges; boundary=THIS_STRING_SEPARATES");
        String first = new String(body.parts().get(0).header(), StandardCharsets.US_ASCII);
        assertThat(first).isEqualTo("\r\n--THIS_STRING_SEPARATES\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Range: bytes 0-49/1000\r\n\r\n");
        assertThat(new String(body.trailer(), StandardCharsets.US_ASCII)).isEqualTo("\r\n--THIS_STRING_SEPARATES--\r\n");
        long headers = body.parts().stream().mapToLong(p -> p.header().length).sum();
        assertThat(body.contentLength()).isEqualTo(headers + 50 + 50 + body.trailer().length);
        assertThat(body.contentLength()).isEqualTo(101 + 104 + 100 + 29);
    }
}

package io.acu.dpcontent.point.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.dpcontent.DistributionFixture;
import io.acu.formats.Sha256;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DP's client side against RFC 9110, on this service's HTTP port: what BITS and {@code curl -r} rely on. Content
 * is put in through the DP content API, as the distribution manager does.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = DistributionFixture.class)
class ClientDownloadTest {

    private static final int SIZE = 256 * 1024;
    private static final byte[] CAB_V1 = bytes(77, SIZE);
    private static final byte[] CAB_V2 = bytes(78, 1000);
    private static final String ETAG_V1 = "\"" + Sha256.compute(CAB_V1) + "\"";
    private static final String URL = "/SMS_DP_SMSPKG$/CAS0000A/ccmsetup.cab";

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void distribute() throws Exception {
        push(CAB_V1);
        register("CAS0000A", 1, "ccmsetup.cab", CAB_V1);
        push(CAB_V2);
        register("CAS0000A", 2, "ccmsetup.cab", CAB_V2);
    }

    @Test
    void wholeFileWithValidatorsAndHead() throws Exception {
        HttpResponse<byte[]> get = get("/SMS_DP_SMSPKG$/CAS0000A.1/ccmsetup.cab");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(CAB_V1);
        assertThat(get.headers().firstValue("Content-Length")).contains(Integer.toString(SIZE));
        assertThat(get.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(get.headers().firstValue("ETag")).contains(ETAG_V1);
        assertThat(get.headers().firstValue("Last-Modified")).isPresent();

        HttpResponse<byte[]> head = send(HttpRequest.newBuilder(uri("/SMS_DP_SMSPKG$/CAS0000A.1/ccmsetup.cab"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).contains(Integer.toString(SIZE));
        assertThat(head.body()).isEmpty();

        assertThat(get("/SMS_DP_SMSPKG$/CAS0000A.1/ccmsetup.cab", "If-None-Match", ETAG_V1).statusCode()).isEqualTo(304);
        // Without a version the current (highest) one is served; names compare case-insensitively as on Windows.
        assertThat(get("/SMS_DP_SMSPKG$/cas0000a/CCMSETUP.CAB").body()).isEqualTo(CAB_V2);
        assertThat(get("/SMS_DP_SMSPKG%24/CAS0000A/ccmsetup.cab").body()).isEqualTo(CAB_V2);
    }

    @Test
    void singleRangesAsCurlSendsThem() throws Exception {
        String v1 = "/SMS_DP_SMSPKG$/CAS0000A.1/ccmsetup.cab";
        HttpResponse<byte[]> first = get(v1, "Range", "bytes=0-99"); // curl -r 0-99
        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(first.headers().firstValue("Content-Range")).contains("bytes 0-99/" + SIZE);
        assertThat(first.headers().firstValue("Content-Length")).contains("100");
        assertThat(first.body()).isEqualTo(Arrays.copyOfRange(CAB_V1, 0, 100));

        HttpResponse<byte[]> suffix = get(v1, "Range", "bytes=-500"); // curl -r -500
        assertThat(suffix.headers().firstValue("Content-Range")).contains("bytes " + (SIZE - 500) + "-" + (SIZE - 1) + "/" + SIZE);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(CAB_V1, SIZE - 500, SIZE));

        HttpResponse<byte[]> clamped = get(v1, "Range", "bytes=262000-999999");
        assertThat(clamped.statusCode()).isEqualTo(206);
        assertThat(clamped.body()).isEqualTo(Arrays.copyOfRange(CAB_V1, 262000, SIZE));
    }

    @Test
    void interruptedDownloadResumedWithAnOpenRangeGivesTheManifestHash() throws Exception {
        String v1 = "/SMS_DP_SMSPKG$/CAS0000A.1/ccmsetup.cab";
        byte[] firstHalf;
        HttpResponse<InputStream> streaming = http.send(HttpRequest.newBuilder(uri(v1)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = streaming.body()) {
            firstHalf = in.readNBytes(SIZE / 2 + 123); // the connection drops here
        }
        String etag = streaming.headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> rest = get(v1, "Range", "bytes=" + firstHalf.length + "-", "If-Range", etag);
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(rest.headers().firstValue("Content-Range")).contains("bytes " + firstHalf.length + "-" + (SIZE - 1) + "/" + SIZE);
        byte[] whole = new byte[firstHalf.length + rest.body().length];
        System.arraycopy(firstHalf, 0, whole, 0, firstHalf.length);
        System.arraycopy(rest.body(), 0, whole, firstHalf.length, rest.body().length);
        assertThat(Sha256.compute(whole)).isEqualTo(Sha256.compute(CAB_V1));
        assertThat("\"" + Sha256.compute(whole) + "\"").isEqualTo(etag);
    }

    @Test
    void severalRangesComeAsMultipartByteranges() throws Exception {
        HttpResponse<byte[]> response = get("/SMS_DP_SMSPKG$/CAS0000A.1/ccmsetup.cab", "Range", "bytes=0-9, 1000-1019, -5");
        assertThat(response.statusCode()).isEqualTo(206);
        String type = response.headers().firstValue("Content-Type").orElseThrow();
        assertThat(type).startsWith("multipart/byteranges; boundary=");
        assertThat(response.headers().firstValue("Content-Range")).isEmpty();
        assertThat(response.headers().firstValue("Content-Length")).contains(Integer.toString(response.body().length));
        String boundary = type.substring(type.indexOf("boundary=") + 9);

        String body = new String(response.body(), StandardCharsets.ISO_8859_1);
        Matcher part = Pattern.compile("\r\n--" + boundary + "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes (\\d+)-(\\d+)/"
                + SIZE + "\r\n\r\n").matcher(body);
        int[][] expected = {{0, 9}, {1000, 1019}, {SIZE - 5, SIZE - 1}};
        int found = 0;
        while (part.find()) {
            int first = Integer.parseInt(part.group(1));
            int last = Integer.parseInt(part.group(2));
            assertThat(new int[] {first, last}).isEqualTo(expected[found]);
            byte[] data = Arrays.copyOfRange(response.body(), part.end(), part.end() + last - first + 1);
            assertThat(data).isEqualTo(Arrays.copyOfRange(CAB_V1, first, last + 1));
            found++;
        }
        assertThat(found).isEqualTo(3);
        assertThat(body).endsWith("\r\n--" + boundary + "--\r\n");
    }

    @Test
    void overlappingOrAdjacentRangesNeverSendAByteTwice() throws Exception {
        String v1 = "/SMS_DP_SMSPKG$/CAS0000A.1/ccmsetup.cab";
        String sixteenTimesAll = "bytes=" + String.join(",", java.util.Collections.nCopies(16, "0-"));
        for (String range : new String[] {"bytes=0-,0-", sixteenTimesAll}) {
            HttpResponse<byte[]> all = get(v1, "Range", range);
            assertThat(all.statusCode()).as(range).isEqualTo(206);
            assertThat(all.headers().firstValue("Content-Range")).as(range).contains("bytes 0-" + (SIZE - 1) + "/" + SIZE);
            assertThat(all.headers().firstValue("Content-Length")).as(range).contains(Integer.toString(SIZE));
            assertThat(all.body()).as(range).hasSize(SIZE).isEqualTo(CAB_V1);
        }

        HttpResponse<byte[]> adjacent = get(v1, "Range", "bytes=0-9,10-19");
        assertThat(adjacent.statusCode()).isEqualTo(206);
        assertThat(adjacent.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(adjacent.headers().firstValue("Content-Range")).contains("bytes 0-19/" + SIZE);
        assertThat(adjacent.body()).isEqualTo(Arrays.copyOfRange(CAB_V1, 0, 20));

        // More ranges than the DP serves in one answer: the header is ignored and the file sent once, whole.
        HttpResponse<byte[]> tooMany = get(v1, "Range", sixteenTimesAll + ",0-");
        assertThat(tooMany.statusCode()).isEqualTo(200);
        assertThat(tooMany.body()).hasSize(SIZE);
    }

    @Test
    void ifRangeHonoursTheRangeOnlyForTheSameRepresentation() throws Exception {
        String v1 = "/SMS_DP_SMSPKG$/CAS0000A.1/ccmsetup.cab";
        assertThat(get(v1, "Range", "bytes=10-19", "If-Range", ETAG_V1).statusCode()).isEqualTo(206);
        HttpResponse<byte[]> changed = get(v1, "Range", "bytes=10-19", "If-Range", "\"" + Sha256.compute(CAB_V2) + "\"");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo(CAB_V1);
        assertThat(get(v1, "Range", "bytes=10-19", "If-Range", "W/" + ETAG_V1).statusCode()).isEqualTo(200);
        String lastModified = get(v1).headers().firstValue("Last-Modified").orElseThrow();
        assertThat(get(v1, "Range", "bytes=10-19", "If-Range", lastModified).statusCode()).isEqualTo(206);
        assertThat(get(v1, "Range", "bytes=10-19", "If-Range", "Mon, 01 Jan 2001 00:00:00 GMT").statusCode()).isEqualTo(200);
    }

    @Test
    void unsatisfiableRangesGet416AndInvalidOnesAreIgnored() throws Exception {
        HttpResponse<byte[]> beyond = get("/SMS_DP_SMSPKG$/CAS0000A.1/ccmsetup.cab", "Range", "bytes=" + SIZE + "-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).contains("bytes */" + SIZE);
        assertThat(beyond.body()).isEmpty();
        HttpResponse<byte[]> invalid = get("/SMS_DP_SMSPKG$/CAS0000A.1/ccmsetup.cab", "Range", "bytes=9-1");
        assertThat(invalid.statusCode()).isEqualTo(200);
        assertThat(invalid.body()).hasSize(SIZE);
    }

    @Test
    void unknownContentIs404AndNamesOutsideThePackageAreRefused() throws Exception {
        HttpResponse<byte[]> unknownPackage = get("/SMS_DP_SMSPKG$/CAS0000F/ccmsetup.cab");
        assertThat(unknownPackage.statusCode()).isEqualTo(404);
        assertThat(unknownPackage.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(new JsonObject(new String(unknownPackage.body(), StandardCharsets.UTF_8)).getString("detail"))
                .isEqualTo("package CAS0000F is not on this distribution point");
        assertThat(get("/SMS_DP_SMSPKG$/CAS0000A/nothing.exe").statusCode()).isEqualTo(404);
        assertThat(get("/SMS_DP_SMSPKG$/CAS0000A.9/ccmsetup.cab").statusCode()).isEqualTo(404);

        assertThat(rawStatus("/SMS_DP_SMSPKG$/CAS0000A/..%2F..%2Fetc%2Fpasswd")).isEqualTo(400);
        // Vert.x decodes %2e and removes dot segments before routing: the path leaves the share, no route matches.
        assertThat(rawStatus("/SMS_DP_SMSPKG$/CAS0000A/%2e%2e/%2e%2e/etc/passwd")).isEqualTo(404);
        assertThat(rawStatus("/SMS_DP_SMSPKG$/CAS0000A/%2e%2e/CAS0000A/ccmsetup.cab")).isEqualTo(400);
        assertThat(rawStatus("/SMS_DP_SMSPKG$/CAS0000A/..%5C..%5Cwindows%5Cwin.ini")).isEqualTo(400);
        assertThat(rawStatus("/SMS_DP_SMSPKG$/CAS0000A/../../../etc/passwd")).isEqualTo(404);
        assertThat(rawStatus("/SMS_DP_SMSPKG$/CAS0000A//etc/passwd")).isEqualTo(400);
    }

    @Test
    void theDpRefusesContentThatDoesNotMatchItsHashAndVersionsWithMissingFiles() throws Exception {
        byte[] good = bytes(90, 5000);
        byte[] bad = good.clone();
        bad[42] ^= 1;
        HttpResponse<byte[]> refused = send(HttpRequest.newBuilder(uri("/api/dp/library/" + Sha256.compute(good)))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bad)));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(new JsonObject(new String(refused.body(), StandardCharsets.UTF_8)).getString("detail"))
                .isEqualTo("hash mismatch: expected " + Sha256.compute(good) + ", got " + Sha256.compute(bad));
        assertThat(send(HttpRequest.newBuilder(uri("/api/dp/library/" + Sha256.compute(good)))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(404);

        HttpResponse<byte[]> incomplete = registerResponse("CAS0000C", 1, "setup.exe", good);
        assertThat(incomplete.statusCode()).isEqualTo(409);
        assertThat(new String(incomplete.body(), StandardCharsets.UTF_8)).contains("content library lacks setup.exe (" + Sha256.compute(good) + ")");
        assertThat(get("/SMS_DP_SMSPKG$/CAS0000C/setup.exe").statusCode()).isEqualTo(404);
    }

    @Test
    void contentValidationFindsDamagedFilesAndWithdrawsTheirVersion() throws Exception {
        byte[] content = bytes(91, 3000);
        push(content);
        register("CAS0000B", 1, "damaged.exe", content);
        assertThat(get("/SMS_DP_SMSPKG$/CAS0000B/damaged.exe").statusCode()).isEqualTo(200);
        String hex = Sha256.compute(content).hex();
        Path file = Path.of(ConfigProvider.getConfig().getValue("dp-content.dp.library-dir", String.class))
                .resolve("FileLib").resolve(hex.substring(0, 4)).resolve(hex);
        byte[] rotten = content.clone();
        rotten[0] ^= 0x7F;
        Files.write(file, rotten);

        HttpResponse<byte[]> report = send(HttpRequest.newBuilder(uri("/api/dp/validation")).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(report.statusCode()).isEqualTo(200);
        JsonObject json = new JsonObject(new String(report.body(), StandardCharsets.UTF_8));
        assertThat(json.getJsonArray("damaged").getJsonObject(0).getString("expected")).isEqualTo(hex);
        assertThat(json.getJsonArray("damaged").getJsonObject(0).getString("actual")).isEqualTo(Sha256.compute(rotten).hex());
        assertThat(json.getJsonArray("damaged")).hasSize(1);
        assertThat(json.getJsonArray("affected").getJsonObject(0).getString("packageId")).isEqualTo("CAS0000B");
        assertThat(get("/SMS_DP_SMSPKG$/CAS0000B/damaged.exe").statusCode()).isEqualTo(404);
        assertThat(get("/SMS_DP_SMSPKG$/CAS0000A.1/ccmsetup.cab").statusCode()).isEqualTo(200);
    }

    @Test
    void servingIsMeasured() throws Exception {
        get("/SMS_DP_SMSPKG$/CAS0000A.1/ccmsetup.cab", "Range", "bytes=0-0");
        String metrics = new String(get("/q/metrics").body(), StandardCharsets.UTF_8);
        assertThat(metricValue(metrics, "acu_dp_responses_partial_total")).isGreaterThanOrEqualTo(1);
        assertThat(metricValue(metrics, "acu_dp_served_bytes_total")).isGreaterThanOrEqualTo(1);
    }

    private static double metricValue(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.Ee+-]+)$").matcher(metrics);
        assertThat(m.find()).as(name + " in\n" + metrics).isTrue();
        return Double.parseDouble(m.group(2));
    }

    private void push(byte[] content) throws Exception {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/api/dp/library/" + Sha256.compute(content)))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
        assertThat(r.statusCode()).isEqualTo(201);
    }

    private void register(String packageId, int version, String name, byte[] content) throws Exception {
        assertThat(registerResponse(packageId, version, name, content).statusCode()).isEqualTo(200);
    }

    private HttpResponse<byte[]> registerResponse(String packageId, int version, String name, byte[] content) throws Exception {
        String json = "{\"files\":[{\"name\":\"" + name + "\",\"sha256\":\"" + Sha256.compute(content) + "\",\"sizeBytes\":" + content.length + "}]}";
        return send(HttpRequest.newBuilder(uri("/api/dp/packages/" + packageId + "/" + version))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        // The manager's token: the content API calls need it, client downloads ignore it.
        return http.send(request.header("Authorization", "Bearer " + DistributionFixture.CONTENT_API_TOKEN).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    private static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    /** Sends a request line exactly as written (no client-side normalisation) and returns the status code. */
    private static int rawStatus(String rawPath) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + rawPath + " HTTP/1.1\r\nHost: dp01\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    private static byte[] bytes(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}

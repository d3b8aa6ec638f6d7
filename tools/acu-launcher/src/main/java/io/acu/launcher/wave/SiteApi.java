package io.acu.launcher.wave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.acu.contracts.ClientUpgradePolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/**
 * What a site operator (or the ops dashboard) does against acu's HTTP APIs during a wave: import the
 * client package, set the automatic client upgrade settings, apply a hotfix, and read distribution
 * status and compliance. Every call needs a 2xx answer; anything else is a {@link SiteApiException}
 * naming the URL, status and the service's problem detail.
 */
public final class SiteApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final URI manifestBuilder;
    private final URI distributionManager;
    private final URI stateIngest;
    private final String adminToken;

    /**
     * @param manifestBuilder manifest-builder's base URL
     * @param distributionManager the dp-content instance with the distribution-manager role
     * @param stateIngest state-ingest's base URL
     * @param adminToken a bearer JWT with the {@code acu-admin} role
     */
    public SiteApi(URI manifestBuilder, URI distributionManager, URI stateIngest, String adminToken) {
        this.manifestBuilder = manifestBuilder;
        this.distributionManager = distributionManager;
        this.stateIngest = stateIngest;
        this.adminToken = adminToken;
    }

    /** {@code POST /api/packages}: imports a client install manifest (ccmsetup.xml) as the package's first version. */
    public JsonNode importPackage(String manifestXml) {
        return send(admin(manifestBuilder.resolve("/api/packages")).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(manifestXml)), Set.of(201));
    }

    /** {@code PUT /api/settings/client-upgrade}: the site's automatic client upgrade settings; @return what was stored */
    public JsonNode putClientUpgradeSettings(ClientUpgradePolicy policy) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(policy);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + policy, e);
        }
        return send(admin(manifestBuilder.resolve("/api/settings/client-upgrade")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), Set.of(200));
    }

    /**
     * {@code POST /api/hotfixes}: applies a hotfix (multipart/form-data per RFC 7578: a JSON {@code metadata}
     * part and one {@code file} part).
     *
     * @return manifest-builder's answer, with the new {@code packageVersion}
     */
    public JsonNode applyHotfix(String metadataJson, String fileName, byte[] file) {
        String boundary = "acu-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(file.length + 1024);
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n"
                + metadataJson + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(admin(manifestBuilder.resolve("/api/hotfixes")).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), Set.of(201));
    }

    /**
     * dp-content's {@code GET /api/distribution/packages/{id}/versions/{v}}.
     *
     * @return {@code {"packageId","packageVersion","distributionPoints":[{"distributionPoint","state",…}]}}, or
     *     null while the version has not reached the distribution manager (404)
     */
    public JsonNode distribution(String packageId, int version) {
        return sendOrNull(HttpRequest.newBuilder(distributionManager.resolve("/api/distribution/packages/" + packageId + "/versions/" + version)));
    }

    /** state-ingest's {@code GET /api/packages/{id}/target}; null until a ManifestUpdated for the package arrived */
    public JsonNode stateIngestTarget(String packageId) {
        return sendOrNull(HttpRequest.newBuilder(stateIngest.resolve("/api/packages/" + packageId + "/target")));
    }

    /** state-ingest's {@code GET /api/compliance?topicType=…&targetVersion=…} */
    public JsonNode compliance(int topicType, String targetVersion) {
        return send(HttpRequest.newBuilder(stateIngest.resolve("/api/compliance?topicType=" + topicType + "&targetVersion="
                + URLEncoder.encode(targetVersion, StandardCharsets.UTF_8))), Set.of(200));
    }

    /** state-ingest's {@code GET /api/failures?topicType=…}: current failures by state ID and error code */
    public JsonNode failures(int topicType) {
        return send(HttpRequest.newBuilder(stateIngest.resolve("/api/failures?topicType=" + topicType + "&limit=100")), Set.of(200));
    }

    /**
     * @return state-ingest's dashboard page for the wave: the package and the Endpoint Protection target
     *     version (state-ingest's target holds the client version only, so the page is told the agent's)
     */
    public URI dashboard() {
        return stateIngest.resolve("/dashboard/?package=" + DemoSeed.PACKAGE_ID + "&target=" + DemoSeed.TARGET_SCEP_VERSION);
    }

    private HttpRequest.Builder admin(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + adminToken);
    }

    private JsonNode sendOrNull(HttpRequest.Builder request) {
        HttpResponse<byte[]> response = exchange(request);
        if (response.statusCode() == 404) {
            return null;
        }
        return parse(response, Set.of(200));
    }

    private JsonNode send(HttpRequest.Builder request, Set<Integer> expected) {
        return parse(exchange(request), expected);
    }

    private HttpResponse<byte[]> exchange(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(TIMEOUT).header("Accept", "application/json").build();
        try {
            return http.send(built, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new SiteApiException(built.method() + " " + built.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SiteApiException(built.method() + " " + built.uri() + " interrupted", e);
        }
    }

    private static JsonNode parse(HttpResponse<byte[]> response, Set<Integer> expected) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (!expected.contains(response.statusCode())) {
            throw new SiteApiException(response.request().method() + " " + response.request().uri() + " answered " + response.statusCode()
                    + (body.isBlank() ? "" : ": " + body.substring(0, Math.min(body.length(), 500))), null);
        }
        try {
            return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new SiteApiException(response.request().uri() + " answered non-JSON: " + body.substring(0, Math.min(body.length(), 200)), e);
        }
    }

    /** A call to a site API did not give the expected answer. */
    public static final class SiteApiException extends RuntimeException {
        SiteApiException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

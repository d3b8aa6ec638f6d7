package io.acu.launcher.wave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * client package, set the automatic client upgrade settings and the rollout plan (rollout), apply a
 * hotfix, read distribution status, compliance and the rollout, and promote, pause, resume or revoke
 * it. Every call needs a 2xx answer; anything else is a {@link SiteApiException} naming the URL,
 * status and the service's problem detail.
 */
public final class SiteApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final URI manifestBuilder;
    private final URI distributionManager;
    private final URI stateIngest;
    private final URI rollout;
    private final String adminToken;

    /**
     * @param manifestBuilder manifest-builder's base URL
     * @param distributionManager the dp-content instance with the distribution-manager role
     * @param stateIngest state-ingest's base URL
     * @param rollout rollout's base URL
     * @param adminToken a bearer JWT with the {@code acu-admin} role
     */
    public SiteApi(URI manifestBuilder, URI distributionManager, URI stateIngest, URI rollout, String adminToken) {
        this.manifestBuilder = manifestBuilder;
        this.distributionManager = distributionManager;
        this.stateIngest = stateIngest;
        this.rollout = rollout;
        this.adminToken = adminToken;
    }

    /** @return an operator's client of rollout alone (the {@code ./acu rollout} commands); other services' calls fail */
    public static SiteApi rolloutOnly(URI rollout, String token) {
        URI none = URI.create("http://127.0.0.1:9");
        return new SiteApi(none, none, none, rollout, token);
    }

    /** {@code POST /api/packages}: imports a client install manifest (ccmsetup.xml) as the package's first version. */
    public JsonNode importPackage(String manifestXml) {
        return send(admin(manifestBuilder.resolve("/api/packages")).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(manifestXml)), Set.of(201));
    }

    /** rollout's {@code PUT /api/settings/client-upgrade}: the site's automatic client upgrade settings; @return what was stored */
    public JsonNode putClientUpgradeSettings(UpgradeSettings settings) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(settings);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + settings, e);
        }
        return send(admin(rollout.resolve("/api/settings/client-upgrade")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), Set.of(200));
    }

    /** rollout's {@code PUT /api/rollout-plans/{packageId}} with the plan object ({@code {"rings":[…]}}); @return the stored, versioned plan */
    public JsonNode putRolloutPlan(String packageId, JsonNode plan) {
        return send(admin(rollout.resolve("/api/rollout-plans/" + packageId)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(plan.toString())), Set.of(200));
    }

    /** rollout's {@code GET /api/rollouts?packageId=}: the package's rollouts, newest version first */
    public JsonNode rollouts(String packageId) {
        return send(admin(rollout.resolve("/api/rollouts?packageId=" + URLEncoder.encode(packageId, StandardCharsets.UTF_8))), Set.of(200));
    }

    /** rollout's {@code GET /api/rollouts/{packageId}/{version}} with its history; null while rollout does not know the version (404) */
    public JsonNode rollout(String packageId, int version) {
        return sendOrNull(admin(rollout.resolve("/api/rollouts/" + packageId + "/" + version)));
    }

    /**
     * rollout's {@code POST /api/rollouts/{packageId}/{version}/{action}} with {@code {"note":…}} when a note is given.
     *
     * @param action {@code promote}, {@code pause}, {@code resume} or {@code revoke}
     * @return the rollout after the action
     */
    public JsonNode rolloutAction(String packageId, int version, String action, String note) {
        String body = note == null ? "" : JSON.createObjectNode().put("note", note).toString();
        return send(admin(rollout.resolve("/api/rollouts/" + packageId + "/" + version + "/" + action)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), Set.of(200));
    }

    /**
     * rollout's {@code GET /api/rollouts/distribution-points}: per distribution point {@code {distributionPoint,
     * inFlight, maxInFlight, peakInFlight, peakAt}}, the peak being the most download grants rollout had in flight on
     * the point at once
     */
    public JsonNode distributionPointGrants() {
        return send(admin(rollout.resolve("/api/rollouts/distribution-points")), Set.of(200));
    }

    /**
     * rollout's {@code GET /api/client-policy/{packageId}?clientId=&boundaryGroup=}, what a client reads, asked as the
     * client: with its client token ({@code Authorization: Bearer}), which rollout requires unless run open.
     *
     * @param clientToken the token the site issued to {@code clientId}
     */
    public JsonNode clientPolicy(String packageId, String clientId, String boundaryGroup, String clientToken) {
        return send(HttpRequest.newBuilder(rollout.resolve("/api/client-policy/" + packageId + "?clientId=" + URLEncoder.encode(clientId,
                StandardCharsets.UTF_8) + "&boundaryGroup=" + URLEncoder.encode(boundaryGroup, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + clientToken), Set.of(200));
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
            throw new SiteApiException(built.method() + " " + built.uri() + " failed: " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SiteApiException(built.method() + " " + built.uri() + " interrupted", e);
        }
    }

    private static JsonNode parse(HttpResponse<byte[]> response, Set<Integer> expected) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (!expected.contains(response.statusCode())) {
            String detail = detail(body);
            throw new SiteApiException(response.request().method() + " " + response.request().uri() + " answered " + response.statusCode()
                    + (detail.isBlank() ? "" : ": " + detail), null, response.statusCode(), detail);
        }
        try {
            return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new SiteApiException(response.request().uri() + " answered non-JSON: " + body.substring(0, Math.min(body.length(), 200)), e);
        }
    }

    /**
     * @return why a call failed, never null: the first message in the cause chain (the JDK's client throws a
     *     {@code ConnectException} without one when the port is closed), else the exception's kind, e.g.
     *     {@code connection refused (ConnectException)}
     */
    static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        String kind = failure.getClass().getSimpleName();
        return (failure instanceof java.net.ConnectException ? "connection refused" : failure instanceof java.net.http.HttpTimeoutException
                ? "no answer in time" : "no reason given") + " (" + kind + ")";
    }

    /** @return an RFC 9457 problem's {@code detail} (else {@code title}), or the start of any other body */
    private static String detail(String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem != null && problem.isObject()) {
                for (String field : new String[] {"detail", "title"}) {
                    if (problem.path(field).isTextual()) {
                        return problem.path(field).asText();
                    }
                }
            }
        } catch (IOException e) {
            // not JSON: the raw text below
        }
        return body.substring(0, Math.min(body.length(), 500));
    }

    /** A call to a site API did not give the expected answer. */
    public static final class SiteApiException extends RuntimeException {
        private final int status;
        private final String detail;

        SiteApiException(String message, Throwable cause) {
            this(message, cause, 0, message);
        }

        SiteApiException(String message, Throwable cause, int status, String detail) {
            super(message, cause);
            this.status = status;
            this.detail = detail;
        }

        /** @return the HTTP status, or 0 when no answer came */
        public int status() {
            return status;
        }

        /** @return the service's problem detail (or the failure's message when no answer came) */
        public String detail() {
            return detail;
        }
    }
}

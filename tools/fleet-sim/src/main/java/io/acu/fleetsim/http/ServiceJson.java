package io.acu.fleetsim.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.acu.fleetsim.domain.ClientPolicy;
import io.acu.fleetsim.domain.DownloadGrant;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON answers of the services that fleet-sim reads, mapped to small records. Every reader checks the fields
 * it needs and says which one is missing or of the wrong type ({@link IllegalArgumentException}); other fields
 * are ignored, so an additive change on the service side does not break the simulator.
 */
public final class ServiceJson {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ServiceJson() {
    }

    /**
     * One distribution point offering a package to a boundary group.
     *
     * @param distributionPoint the DP's name, e.g. {@code dp01}
     * @param url the package folder on it, ending in {@code /}, e.g. {@code http://127.0.0.1:8082/SMS_DP_SMSPKG$/CAS00006.5/}
     * @param fallback whether it is a fallback location (outside the client's boundary group)
     */
    public record ContentLocation(String distributionPoint, String url, boolean fallback) {
    }

    /**
     * dp-content's answer to {@code GET /api/content-locations?packageId=…&boundaryGroup=…}.
     *
     * @param packageId the package, e.g. {@code CAS00006}
     * @param packageVersion the version the locations hold
     * @param boundaryGroup the client's boundary group
     * @param locations in the locator's order of preference
     */
    public record ContentLocations(String packageId, int packageVersion, String boundaryGroup, List<ContentLocation> locations) {

        /** @return the first location in the boundary group, else the first fallback one, else empty */
        public Optional<ContentLocation> preferred() {
            return locations.stream().filter(l -> !l.fallback()).findFirst().or(() -> locations.stream().findFirst());
        }
    }

    /**
     * The parts of manifest-builder's package version view ({@code GET /api/packages/{id}/versions/{v}}) a client
     * needs.
     *
     * @param packageId the package
     * @param packageVersion the version
     * @param previousVersion the version it was built from, empty for an imported first version
     * @param cabSignature the ccmsetup.cab signature
     */
    public record PackageVersionInfo(String packageId, int packageVersion, Optional<Integer> previousVersion, CabinetSignature cabSignature) {
    }

    /** @throws IllegalArgumentException when the body is not such an answer */
    public static ContentLocations contentLocations(byte[] body) {
        JsonNode root = parse(body, "content locations");
        List<ContentLocation> locations = new ArrayList<>();
        JsonNode list = root.path("locations");
        if (!list.isArray()) {
            throw new IllegalArgumentException("content locations: 'locations' is not an array");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode location = list.get(i);
            String where = "content locations: locations[" + i + "].";
            String url = text(location, "url", where);
            locations.add(new ContentLocation(text(location, "distributionPoint", where), url.endsWith("/") ? url : url + "/",
                    bool(location, "fallback", where)));
        }
        return new ContentLocations(text(root, "packageId", "content locations: "), integer(root, "packageVersion", "content locations: "),
                text(root, "boundaryGroup", "content locations: "), List.copyOf(locations));
    }

    /**
     * rollout's per-client policy ({@code GET /api/client-policy/{packageId}?clientId=…&boundaryGroup=…}).
     *
     * @throws IllegalArgumentException when the body is not such an answer (a missing or mistyped field, named)
     */
    public static ClientPolicy clientPolicy(byte[] body) {
        JsonNode root = parse(body, "client policy");
        String where = "client policy: ";
        return new ClientPolicy(text(root, "packageId", where), optionalInteger(root, "offeredVersion", where),
                optionalInteger(root, "candidateVersion", where), optionalText(root, "ring", where), optionalText(root, "rolloutStatus", where),
                bool(root, "halted", where), bool(root, "excluded", where), bool(root, "enabled", where),
                integer(root, "advertisementDurationDays", where), bool(root, "overrideMaintenanceWindows", where), optionalText(root, "reason", where));
    }

    /**
     * A download grant rollout gave ({@code POST /api/download-grants}, 200 or 201).
     *
     * @return the distribution point and expiry
     * @throws IllegalArgumentException when the body is not such an answer
     */
    public static DownloadGrant.Granted grant(byte[] body) {
        JsonNode root = parse(body, "download grant");
        String where = "download grant: ";
        String expires = text(root, "expiresAt", where);
        try {
            return new DownloadGrant.Granted(text(root, "distributionPoint", where), Instant.parse(expires));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(where + "expiresAt is not an ISO-8601 instant: '" + expires + "'", e);
        }
    }

    /**
     * manifest-builder's versions of a package ({@code GET /api/packages/{id}/versions}, newest first).
     *
     * @return the newest version
     * @throws IllegalArgumentException when the body is not a non-empty array of versions
     */
    public static int newestVersion(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("package versions: not JSON", e);
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new IllegalArgumentException("package versions: not a non-empty array");
        }
        int newest = Integer.MIN_VALUE;
        for (int i = 0; i < root.size(); i++) {
            newest = Math.max(newest, integer(root.get(i), "packageVersion", "package versions: [" + i + "]."));
        }
        return newest;
    }

    /** @throws IllegalArgumentException when the body is not such an answer */
    public static PackageVersionInfo packageVersion(byte[] body) {
        JsonNode root = parse(body, "package version");
        String where = "package version: ";
        JsonNode previous = root.path("previousVersion");
        Optional<Integer> previousVersion = previous.isMissingNode() || previous.isNull() ? Optional.empty()
                : Optional.of(integer(root, "previousVersion", where));
        return new PackageVersionInfo(text(root, "packageId", where), integer(root, "packageVersion", where), previousVersion,
                new CabinetSignature(text(root, "cabSignature", where), text(root, "signatureAlgorithm", where)));
    }

    /**
     * The reason a service gave for refusing a request: an RFC 9457 problem's {@code detail} (else {@code title}),
     * or the start of a non-JSON body.
     *
     * @return a one-line reason, never null
     */
    public static String problemReason(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null && root.isObject()) {
                for (String field : new String[] {"detail", "title"}) {
                    if (root.path(field).isTextual() && !root.path(field).asText().isBlank()) {
                        return root.path(field).asText();
                    }
                }
            }
        } catch (IOException e) {
            // not JSON: fall through to the raw text
        }
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return text.isEmpty() ? "(no reason given)" : text.substring(0, Math.min(200, text.length()));
    }

    /** @return {@code value} as a JSON string literal, quotes and escapes included */
    public static String quote(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value, e);
        }
    }

    private static JsonNode parse(byte[] body, String what) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException(what + ": not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + ": not JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": unreadable", e);
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(where + field + " is missing or not a non-blank string");
        }
        return value.asText();
    }

    private static Integer optionalInteger(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : integer(node, field, where);
    }

    private static String optionalText(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(where + field + " is not a string");
        }
        return value.asText();
    }

    private static int integer(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isInt()) {
            throw new IllegalArgumentException(where + field + " is missing or not an integer");
        }
        return value.asInt();
    }

    private static boolean bool(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(where + field + " is missing or not a boolean");
        }
        return value.asBoolean();
    }
}

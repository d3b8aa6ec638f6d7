package io.acu.fleetsim.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.acu.contracts.ClientUpgradePolicy;
import java.io.IOException;
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
     * manifest-builder's client policy for a package ({@code GET /api/client-policy/{packageId}}).
     *
     * @param packageId the package
     * @param packageVersion the version clients are to upgrade to
     * @param clientUpgrade the site's automatic client upgrade settings
     */
    public record SitePolicy(String packageId, int packageVersion, ClientUpgradePolicy clientUpgrade) {
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

    /** @throws IllegalArgumentException when the body is not such an answer or the settings are invalid */
    public static SitePolicy sitePolicy(byte[] body) {
        JsonNode root = parse(body, "client policy");
        JsonNode upgrade = root.path("clientUpgrade");
        if (!upgrade.isObject()) {
            throw new IllegalArgumentException("client policy: 'clientUpgrade' is missing or not an object");
        }
        String where = "client policy: clientUpgrade.";
        JsonNode excluded = upgrade.path("excludedClientIds");
        List<String> excludedIds = new ArrayList<>();
        if (!excluded.isMissingNode() && !excluded.isNull()) {
            if (!excluded.isArray()) {
                throw new IllegalArgumentException(where + "excludedClientIds is not an array");
            }
            excluded.forEach(id -> excludedIds.add(id.asText()));
        }
        ClientUpgradePolicy policy = new ClientUpgradePolicy(bool(upgrade, "enabled", where), integer(upgrade, "advertisementDurationDays", where),
                excludedIds, bool(upgrade, "overrideMaintenanceWindows", where));
        return new SitePolicy(text(root, "packageId", "client policy: "), integer(root, "packageVersion", "client policy: "), policy);
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

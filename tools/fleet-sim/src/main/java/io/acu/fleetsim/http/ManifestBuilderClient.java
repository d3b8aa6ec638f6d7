package io.acu.fleetsim.http;

import io.acu.fleetsim.domain.ClientTransport.TransportException;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import io.acu.formats.ccmsetup.CcmSetupXml;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * What the simulator reads from manifest-builder: the cabinet-signing public key and — with a viewer's bearer token —
 * a package's newest version, a version's cab signature and its manifest (the package API, {@code acu-viewer} or
 * {@code acu-admin}). Each client's policy comes from rollout ({@link HttpClientTransport#readPolicy}).
 */
public final class ManifestBuilderClient {

    private final URI base;
    private final HttpExchanges http;
    private final Optional<String> bearerToken;

    /**
     * @param base manifest-builder's base URL
     * @param http the run's HTTP client
     * @param bearerToken a JWT with {@code acu-viewer} for the package API; empty: only the key can be read
     */
    public ManifestBuilderClient(URI base, HttpExchanges http, Optional<String> bearerToken) {
        this.base = Objects.requireNonNull(base, "base");
        this.http = Objects.requireNonNull(http, "http");
        this.bearerToken = Objects.requireNonNull(bearerToken, "bearerToken");
    }

    /**
     * {@code GET /api/packages/{packageId}/versions} (bearer token): the version a wave rolls out.
     *
     * @return the package's newest version
     * @throws TransportException when unreachable, not 200 (404: unknown package) or malformed
     */
    public int newestVersion(String packageId) {
        byte[] body = get("/api/packages/" + packageId + "/versions", "application/json", true);
        try {
            return ServiceJson.newestVersion(body);
        } catch (IllegalArgumentException e) {
            throw new TransportException("manifest-builder's " + e.getMessage(), e);
        }
    }

    /**
     * {@code GET /api/signing-key}: the key that verifies ccmsetup.cab signatures.
     *
     * @throws TransportException when unreachable, not 200 or not a PEM public key
     */
    public PublicKey signingKey() {
        byte[] body = get("/api/signing-key", "application/x-pem-file", false);
        try {
            return CabinetSignature.publicKeyFromPem(new String(body, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new TransportException("manifest-builder's signing key: " + e.getMessage(), e);
        }
    }

    /**
     * {@code GET /api/packages/{packageId}/versions/{version}} (bearer token).
     *
     * @throws TransportException when unreachable, not 200 (401/403: token missing or without the role) or malformed
     */
    public ServiceJson.PackageVersionInfo packageVersion(String packageId, int version) {
        byte[] body = get("/api/packages/" + packageId + "/versions/" + version, "application/json", true);
        try {
            return ServiceJson.packageVersion(body);
        } catch (IllegalArgumentException e) {
            throw new TransportException("manifest-builder's " + e.getMessage(), e);
        }
    }

    /**
     * {@code GET /api/packages/{packageId}/versions/{version}/manifest} as ccmsetup.xml (bearer token).
     *
     * @throws TransportException when unreachable, not 200 or not a readable manifest
     */
    public CcmSetupManifest manifest(String packageId, int version) {
        byte[] body = get("/api/packages/" + packageId + "/versions/" + version + "/manifest", "application/xml", true);
        try {
            return CcmSetupXml.read(body);
        } catch (RuntimeException e) {
            throw new TransportException("manifest-builder's manifest of " + packageId + " v" + version + " is unreadable: " + e.getMessage(), e);
        }
    }

    private byte[] get(String path, String accept, boolean authenticated) {
        URI url = ServiceEndpoints.at(base, path);
        HttpResponse<byte[]> response = http.send(() -> {
            HttpRequest.Builder request = http.request(url).GET().header("Accept", accept);
            if (authenticated) {
                bearerToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
            }
            return request.build();
        }, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            String hint = authenticated && (response.statusCode() == 401 || response.statusCode() == 403)
                    ? " (the package API needs a bearer token with the acu-viewer role)" : "";
            throw new TransportException("GET " + url + " answered " + response.statusCode() + ": " + ServiceJson.problemReason(response.body()) + hint);
        }
        return response.body();
    }
}

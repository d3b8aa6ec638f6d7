package io.acu.fleetsim.http;

import java.net.URI;
import java.util.Objects;

/**
 * Where the simulated clients reach acu's services: base URLs (scheme, host, port, optional path prefix).
 *
 * @param manifestBuilder manifest-builder: signing key, package versions and manifests
 * @param dpLocator dp-content's manager: content locations by boundary group
 * @param fsp the fallback status point
 * @param stateIngest state-ingest's state-message intake
 * @param rollout rollout: each client's policy and download grants
 */
public record ServiceEndpoints(URI manifestBuilder, URI dpLocator, URI fsp, URI stateIngest, URI rollout) {

    /** @throws IllegalArgumentException for a URL that is not absolute http(s) */
    public ServiceEndpoints {
        manifestBuilder = check(manifestBuilder, "manifest-builder");
        dpLocator = check(dpLocator, "dp-locator");
        fsp = check(fsp, "fsp");
        stateIngest = check(stateIngest, "state-ingest");
        rollout = check(rollout, "rollout");
    }

    /**
     * @param base a service's base URL
     * @param pathAndQuery an absolute path, e.g. {@code /api/client-policy/CAS00006}
     * @return the URL of {@code pathAndQuery} under {@code base}'s path prefix
     */
    public static URI at(URI base, String pathAndQuery) {
        String prefix = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1) : base.toString();
        return URI.create(prefix + pathAndQuery);
    }

    private static URI check(URI url, String name) {
        Objects.requireNonNull(url, name);
        if (!url.isAbsolute() || !("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException(name + " URL must be absolute http(s)://host[:port], was " + url);
        }
        return url;
    }
}

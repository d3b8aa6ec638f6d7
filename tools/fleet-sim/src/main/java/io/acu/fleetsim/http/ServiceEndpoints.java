package io.acu.fleetsim.http;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Where the simulated clients reach acu's services: base URLs (scheme, host, port, optional path prefix).
 *
 * @param manifestBuilder manifest-builder: signing key, package versions and manifests
 * @param dpLocator dp-content's manager: content locations by boundary group
 * @param fspReplicas the fallback status point's replicas, at least one: status reports are spread over them
 *     round-robin and fail over to the next when one refuses connections ({@link Replicas})
 * @param stateIngestReplicas state-ingest's state-message intake replicas, at least one, used as {@code fspReplicas}
 * @param rollout rollout: each client's policy and download grants
 */
public record ServiceEndpoints(URI manifestBuilder, URI dpLocator, List<URI> fspReplicas, List<URI> stateIngestReplicas, URI rollout) {

    /** @throws IllegalArgumentException for a URL that is not absolute http(s), or an empty replica list */
    public ServiceEndpoints {
        manifestBuilder = check(manifestBuilder, "manifest-builder");
        dpLocator = check(dpLocator, "dp-locator");
        fspReplicas = checkAll(fspReplicas, "fsp");
        stateIngestReplicas = checkAll(stateIngestReplicas, "state-ingest");
        rollout = check(rollout, "rollout");
    }

    /** One replica of each service. @throws IllegalArgumentException for a URL that is not absolute http(s) */
    public ServiceEndpoints(URI manifestBuilder, URI dpLocator, URI fsp, URI stateIngest, URI rollout) {
        // singletonList takes a null, so the canonical constructor checks every URL in order and names the missing one.
        this(manifestBuilder, dpLocator, java.util.Collections.singletonList(fsp), java.util.Collections.singletonList(stateIngest), rollout);
    }

    /** @return the first fallback status point replica's base URL */
    public URI fsp() {
        return fspReplicas.get(0);
    }

    /** @return the first state-ingest replica's base URL */
    public URI stateIngest() {
        return stateIngestReplicas.get(0);
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

    private static List<URI> checkAll(List<URI> urls, String name) {
        Objects.requireNonNull(urls, name);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(name + " needs at least one URL");
        }
        return urls.stream().map(url -> check(url, name)).toList();
    }

    private static URI check(URI url, String name) {
        Objects.requireNonNull(url, name);
        if (!url.isAbsolute() || !("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException(name + " URL must be absolute http(s)://host[:port], was " + url);
        }
        return url;
    }
}

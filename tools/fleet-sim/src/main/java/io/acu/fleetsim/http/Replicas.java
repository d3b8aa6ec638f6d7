package io.acu.fleetsim.http;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The base URLs of one service's replicas (e.g. two fallback status points), handed out round-robin so a fleet's
 * requests spread over them; {@link HttpExchanges#send(Replicas, java.util.function.Function,
 * java.net.http.HttpResponse.BodyHandler)} moves on to the next one at once when a replica refuses the connection. One
 * URL behaves as before replicas existed. Thread-safe.
 */
public final class Replicas {

    private final List<URI> baseUrls;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param baseUrls the replicas' base URLs, at least one
     * @throws IllegalArgumentException for an empty list
     */
    public Replicas(List<URI> baseUrls) {
        this.baseUrls = List.copyOf(Objects.requireNonNull(baseUrls, "baseUrls"));
        if (this.baseUrls.isEmpty()) {
            throw new IllegalArgumentException("a service needs at least one base URL");
        }
    }

    /** @return the replica whose turn it is; each call moves the turn on by one */
    public URI next() {
        return baseUrls.get(Math.floorMod(next.getAndIncrement(), baseUrls.size()));
    }

    /** @return how many replicas there are, at least 1 */
    public int size() {
        return baseUrls.size();
    }

    /** @return the base URLs in the order given */
    public List<URI> baseUrls() {
        return baseUrls;
    }

    @Override
    public String toString() {
        return baseUrls.toString();
    }
}

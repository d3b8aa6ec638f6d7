package io.acu.fleetsim.http;

import io.acu.fleetsim.domain.ClientTransport.TransportException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The HTTP clients of a run (HTTP/1.1, bounded connect and request timeouts, redirects not followed) and the retry
 * loop every request of the simulator goes through ({@link RetryPolicy}); counts retries, 503 answers and unreachable
 * services, fails over between a service's {@link Replicas}, and records the latency of each status report attempt
 * (POST), into the run's {@link TransportCounters}. Requests with whole bodies (policy reads, grants, status reports,
 * the package API) go over {@link PooledExchanges}' keep-alive pool; downloads ({@link #sendOnce}) over the JDK's
 * {@link HttpClient}. Close it when the run is over (it holds an event loop thread).
 */
public final class HttpExchanges implements AutoCloseable {

    /**
     * Timeouts and retries.
     *
     * @param connectTimeout longest wait for a TCP connection
     * @param requestTimeout longest wait for a response's headers
     * @param retry when and how long to wait before trying again
     */
    public record Settings(Duration connectTimeout, Duration requestTimeout, RetryPolicy retry) {

        /** Connect within 5 s, headers within 30 s, {@link RetryPolicy#DEFAULT}. */
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(5), Duration.ofSeconds(30), RetryPolicy.DEFAULT);

        /** @throws IllegalArgumentException for a timeout that is not positive */
        public Settings {
            Objects.requireNonNull(retry, "retry");
            if (connectTimeout.isZero() || connectTimeout.isNegative() || requestTimeout.isZero() || requestTimeout.isNegative()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
        }
    }

    private final HttpClient client;
    private final PooledExchanges pooled;
    private final Settings settings;
    private final TransportCounters counters;
    private final Clock clock = Clock.systemUTC();

    /**
     * @param settings timeouts and retries
     * @param counters where retries and unreachable services are counted
     */
    public HttpExchanges(Settings settings, TransportCounters counters) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.pooled = new PooledExchanges(settings.connectTimeout());
    }

    /** Closes the pooled connections and their event loop; the JDK client goes with the garbage. */
    @Override
    public void close() {
        pooled.close();
    }

    /** @return the run's counters */
    public TransportCounters counters() {
        return counters;
    }

    /** @return the retry rules */
    public RetryPolicy retry() {
        return settings.retry();
    }

    /** @return a request builder for {@code url} with the request timeout set */
    public HttpRequest.Builder request(URI url) {
        return HttpRequest.newBuilder(url).timeout(settings.requestTimeout());
    }

    /**
     * Sends a request built afresh for each attempt, repeating after a connection error, 429 or 5xx.
     *
     * @param request builds the request
     * @param body how to read a body
     * @return the first response that is not worth repeating, or the last one when the attempts ran out
     * @throws TransportException when the service could not be reached in any attempt (counted as unreachable),
     *     or the thread was interrupted
     */
    public <T> HttpResponse<T> send(Supplier<HttpRequest> request, HttpResponse.BodyHandler<T> body) {
        return send(request, body, RetryPolicy::retriable);
    }

    /**
     * Sends a request as {@link #send(Supplier, HttpResponse.BodyHandler)} does, repeating only answers whose status
     * {@code retriable} accepts (e.g. 5xx but not 429, for a caller that handles 429 itself).
     */
    public <T> HttpResponse<T> send(Supplier<HttpRequest> request, HttpResponse.BodyHandler<T> body, java.util.function.IntPredicate retriable) {
        return send(request, body, retriable, 1);
    }

    /**
     * Sends a request to one of a service's replicas as {@link #send(Supplier, HttpResponse.BodyHandler)} does, each
     * attempt to the replica whose turn it is ({@link Replicas#next()}), so a retry after a 5xx, 429 or broken
     * connection goes to the next replica. A replica that refuses the connection (down) is passed over at once: the
     * request goes to the next replica without waiting and without using up an attempt, until every replica refused
     * in a row, which counts as one failed attempt. Each pass-over is counted ({@link TransportCounters.Snapshot#failovers()}).
     *
     * @param replicas the service's replicas
     * @param request builds the request for a replica's base URL
     * @param body how to read a body
     * @return the first response not worth repeating, or the last one when the attempts ran out
     * @throws TransportException when no replica could be reached in any attempt, or the thread was interrupted
     */
    public <T> HttpResponse<T> send(Replicas replicas, java.util.function.Function<URI, HttpRequest> request, HttpResponse.BodyHandler<T> body) {
        return send(() -> request.apply(replicas.next()), body, RetryPolicy::retriable, replicas.size());
    }

    private <T> HttpResponse<T> send(Supplier<HttpRequest> request, HttpResponse.BodyHandler<T> body, java.util.function.IntPredicate retriable,
            int replicas) {
        int refusedInARow = 0;
        for (int attempt = 1; ; attempt++) {
            HttpRequest built = request.get();
            try {
                long sentAt = System.nanoTime();
                HttpResponse<T> response = pooled.send(built, body);
                refusedInARow = 0;
                if ("POST".equals(built.method()) && !built.uri().getPath().startsWith("/api/download-grants")) {
                    // Apart from grant requests the simulator POSTs only status reports: this is the intakes' latency.
                    counters.recordLatency(System.nanoTime() - sentAt);
                }
                if (response.statusCode() == 503) {
                    counters.serviceUnavailable.increment();
                }
                if (!retriable.test(response.statusCode()) || !settings.retry().hasAttemptAfter(attempt)) {
                    return response;
                }
                pauseBeforeRetry(attempt, response.headers().firstValue("Retry-After").orElse(null));
            } catch (IOException e) {
                if (e instanceof java.net.ConnectException && ++refusedInARow < replicas) {
                    // This replica is down; another may be up: try it now, as a load balancer would.
                    counters.failovers.increment();
                    attempt--;
                    continue;
                }
                refusedInARow = 0;
                if (!settings.retry().hasAttemptAfter(attempt)) {
                    counters.unreachable.increment();
                    throw new TransportException(built.method() + " " + built.uri() + " failed after " + attempt + " attempts: " + describe(e), e);
                }
                pauseBeforeRetry(attempt, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransportException(built.method() + " " + built.uri() + " interrupted", e);
            }
        }
    }

    /**
     * Sends one request once over the JDK client, no retries (the caller runs its own loop, e.g. a resumable download
     * that streams the body into a hash).
     */
    <T> HttpResponse<T> sendOnce(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException {
        try {
            return client.send(request, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(request.method() + " " + request.uri() + " interrupted", e);
        }
    }

    /**
     * Waits before attempt {@code failedAttempt + 1} and counts the retry.
     *
     * @param retryAfter the failed response's Retry-After, or null
     */
    void pauseBeforeRetry(int failedAttempt, String retryAfter) {
        counters.retries.increment();
        Duration wait = settings.retry().delayAfter(failedAttempt, java.util.Optional.ofNullable(retryAfter), clock);
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting to retry", e);
        }
    }

    /** @return an exception's class and message, e.g. {@code ConnectException: Connection refused} */
    static String describe(Throwable e) {
        Throwable cause = e;
        // The JDK client often wraps the socket's error (e.g. "Connection refused") in a message-less exception.
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return e.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}

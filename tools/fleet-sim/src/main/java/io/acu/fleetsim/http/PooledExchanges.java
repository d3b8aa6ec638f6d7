package io.acu.fleetsim.http;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient.Version;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSession;

/**
 * Whole-body HTTP/1.1 exchanges (policy reads, download grants, status reports, the package API) over one Vert.x
 * event loop and a pool of keep-alive connections per service, for callers that block until the answer.
 *
 * <p>Why not {@code java.net.http}: a load run's generator is this simulator, and the JDK client hands each exchange
 * between four threads (caller, its executor, the selector, the executor again), which cost about 280 µs of CPU per
 * report in a 100,000-client {@code ./acu load} on 2 cores, a fifth of the machine. Here a request is written and its
 * answer read on the event loop; the caller parks once. Downloads, which stream a file into a hash and resume with
 * Range, stay on the JDK client ({@link HttpExchanges#sendOnce}).
 *
 * <p>Requests and answers keep the {@code java.net.http} types so the retry loop and its callers do not change:
 * the request body is drained from its {@link HttpRequest.BodyPublisher}, the answer is given to the caller's
 * {@link HttpResponse.BodyHandler} whole. Redirects are not followed. Failures arrive as the JDK client's would:
 * {@link ConnectException} (refused), {@link HttpConnectTimeoutException} (no connection within the connect timeout),
 * {@link HttpTimeoutException} (no answer within the request's timeout), {@link IOException} otherwise.
 */
final class PooledExchanges implements AutoCloseable {

    /** Connections kept per service address; the simulator's concurrency (32 by default, 256 tried) stays below it. */
    static final int MAX_CONNECTIONS_PER_SERVICE = 512;

    private final Vertx vertx;
    private final HttpClient client;
    private final io.vertx.core.Context eventLoop;
    private final Duration connectTimeout;

    /** @param connectTimeout longest wait for a TCP connection */
    PooledExchanges(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout((int) connectTimeout.toMillis()),
                new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_SERVICE));
        this.eventLoop = vertx.getOrCreateContext();
    }

    /**
     * Sends {@code request} and waits for its whole answer.
     *
     * @param request method, absolute http(s) URI, headers, body and timeout (none: no limit)
     * @param handler how the caller reads the body (e.g. {@code ofByteArray}, {@code discarding}, {@code ofString})
     * @return the answer, whatever its status
     * @throws IOException as the class comment says
     * @throws InterruptedException when interrupted while waiting
     */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(request.method())).setAbsoluteURI(request.uri().toString())
                .setFollowRedirects(false);
        request.timeout().ifPresent(timeout -> options.setIdleTimeout(timeout.toMillis()));
        request.headers().map().forEach((name, values) -> values.forEach(value -> options.addHeader(name, value)));
        Buffer body = request.bodyPublisher().map(PooledExchanges::drain).orElse(null);
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        // Started on the event loop, so each step's callback runs as its event arrives: begun from the caller's
        // thread, Vert.x would hand the response to the body reader a tick later, after its data may have gone by.
        eventLoop.runOnContext(ignored -> {
            try {
                client.request(options)
                        .compose(sent -> body == null ? sent.send() : sent.send(body))
                        .compose(response -> response.body().map(bytes -> new Answer(response.statusCode(), headersOf(response.headers()), bytes.getBytes())))
                        .onComplete(done -> {
                            if (done.succeeded()) {
                                answer.complete(done.result());
                            } else {
                                answer.completeExceptionally(done.cause());
                            }
                        });
            } catch (RuntimeException refused) { // e.g. a port out of range: the caller hears it now, not at its timeout
                answer.completeExceptionally(refused);
            }
        });
        Answer got;
        try {
            // The request's timeout bounds the whole exchange, as the JDK client bounds the wait for the headers; the
            // idle timeout above also closes a connection that went quiet, so a trickling answer is not waited out.
            got = request.timeout().isPresent() ? answer.get(request.timeout().get().toMillis(), TimeUnit.MILLISECONDS) : answer.get();
        } catch (ExecutionException e) {
            throw asIoException(e.getCause(), request);
        } catch (TimeoutException e) {
            throw asIoException(e, request);
        }
        return got.as(request, handler);
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    private record Answer(int status, HttpHeaders headers, byte[] body) {

        <T> HttpResponse<T> as(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
            HttpResponse.BodySubscriber<T> subscriber = handler.apply(new HttpResponse.ResponseInfo() {
                @Override public int statusCode() { return status; }
                @Override public HttpHeaders headers() { return headers; }
                @Override public Version version() { return Version.HTTP_1_1; }
            });
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override public void request(long n) { }
                @Override public void cancel() { }
            });
            if (body.length > 0) {
                subscriber.onNext(List.of(ByteBuffer.wrap(body)));
            }
            subscriber.onComplete();
            T value;
            try {
                value = subscriber.getBody().toCompletableFuture().get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
            return new Response<>(request, status, headers, value);
        }
    }

    private record Response<T>(HttpRequest request, int statusCode, HttpHeaders headers, T body) implements HttpResponse<T> {
        @Override public Optional<HttpResponse<T>> previousResponse() { return Optional.empty(); }
        @Override public Optional<SSLSession> sslSession() { return Optional.empty(); }
        @Override public URI uri() { return request.uri(); }
        @Override public Version version() { return Version.HTTP_1_1; }
    }

    private static HttpHeaders headersOf(io.vertx.core.MultiMap headers) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach(header -> map.computeIfAbsent(header.getKey(), name -> new ArrayList<>()).add(header.getValue()));
        return HttpHeaders.of(map, (name, value) -> true);
    }

    /** The body a publisher gives, whole (the simulator's publishers are byte arrays and strings: synchronous). */
    private static Buffer drain(HttpRequest.BodyPublisher publisher) {
        Buffer collected = Buffer.buffer((int) Math.max(0, Math.min(publisher.contentLength(), 1 << 20)));
        CompletableFuture<Buffer> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override public void onSubscribe(Flow.Subscription subscription) { subscription.request(Long.MAX_VALUE); }
            @Override public void onNext(ByteBuffer item) {
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                collected.appendBytes(bytes);
            }
            @Override public void onError(Throwable error) { done.completeExceptionally(error); }
            @Override public void onComplete() { done.complete(collected); }
        });
        return done.join();
    }

    private IOException asIoException(Throwable failure, HttpRequest request) {
        if (failure instanceof io.netty.channel.ConnectTimeoutException) {
            return new HttpConnectTimeoutException("no connection to " + request.uri().getAuthority() + " within " + connectTimeout.toMillis() + " ms");
        }
        if (failure instanceof IOException io) {
            return io; // ConnectException (refused) among them
        }
        if (failure instanceof TimeoutException) {
            return new HttpTimeoutException("no complete answer from " + request.uri().getAuthority() + " within " + request.timeout().map(Duration::toMillis).orElse(0L) + " ms");
        }
        return new IOException(failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage()), failure);
    }
}

package io.acu.fsp.bench;

import io.acu.infra.quarkus.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark harness, not a test: FSP intake requests per second (sample Report XML, parsed, validated, published
 * with acks=all before the 202) next to a bare Vert.x handler that answers 202 on the same machine in the same run,
 * with the same client. Goal (issue 5): at least 50 % of the bare handler. Prints the figures; asserts nothing about
 * speed. Run with {@code mvn -pl services/fsp test -Dtest=FspIntakeBenchmark -Dacu.benchmark=true}
 * ({@code -Dacu.benchmark.requests=20000} to change the count).
 */
@QuarkusTest
@TestProfile(FspIntakeBenchmark.Unthrottled.class)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@EnabledIfSystemProperty(named = "acu.benchmark", matches = "true")
class FspIntakeBenchmark {

    /** The throttle off: the benchmark measures the intake, not the budget. */
    public static class Unthrottled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("acu.fsp.global.count", "0", "acu.fsp.per-client.count", "0", "acu.fsp.per-address.count", "0",
                    "quarkus.log.category.\"io.acu\".level", "WARN");
        }
    }

    private static final int CONCURRENCY = 64;

    @TestHTTPResource("/SMS_FSP/.sms_fsp")
    URL fsp;

    @Test
    void fspRequestsPerSecondNextToABareVertxHandler() throws Exception {
        int requests = Integer.getInteger("acu.benchmark.requests", 20_000);
        byte[] body = sample();
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer bare = vertx.createHttpServer()
                    .requestHandler(request -> request.body().onComplete(ignored -> request.response().setStatusCode(202).end()))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            URI bareUri = URI.create("http://127.0.0.1:" + bare.actualPort() + "/SMS_FSP/.sms_fsp");
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // Warm both up (JIT, connections, Kafka producer), then measure.
            run(client, fsp.toURI(), body, Math.min(requests, 5_000));
            run(client, bareUri, body, Math.min(requests, 5_000));
            double fspRate = run(client, fsp.toURI(), body, requests);
            double bareRate = run(client, bareUri, body, requests);
            System.out.printf(Locale.ROOT, "%n== FSP intake benchmark (%d requests, %d concurrent, %d-byte Report XML) ==%n", requests, CONCURRENCY, body.length);
            System.out.printf(Locale.ROOT, "fsp (parse, validate, Kafka acks=all, 202): %,10.0f req/s%n", fspRate);
            System.out.printf(Locale.ROOT, "bare Vert.x handler answering 202:         %,10.0f req/s%n", bareRate);
            System.out.printf(Locale.ROOT, "ratio: %.1f %% (goal >= 50 %%)%n%n", 100 * fspRate / bareRate);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** @return requests per second; fails if any answer is not 202 */
    private static double run(HttpClient client, URI uri, byte[] body, int requests) throws Exception {
        Semaphore inFlight = new Semaphore(CONCURRENCY);
        AtomicInteger failures = new AtomicInteger();
        CompletableFuture<?>[] all = new CompletableFuture<?>[requests];
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            inFlight.acquire();
            all[i] = client.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", "text/xml").timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        if (failure != null || response.statusCode() != 202) {
                            failures.incrementAndGet();
                        }
                        inFlight.release();
                    });
        }
        CompletableFuture.allOf(all).handle((ok, e) -> null).get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failures.get() > 0) {
            throw new AssertionError(failures.get() + " of " + requests + " requests to " + uri + " were not answered 202");
        }
        return requests / seconds;
    }

    private static byte[] sample() {
        try (InputStream in = FspIntakeBenchmark.class.getResourceAsStream("/samples/fsp-client-deployment-succeeded.xml")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

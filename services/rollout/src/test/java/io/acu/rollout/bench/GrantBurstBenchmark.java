package io.acu.rollout.bench;

import io.acu.infra.quarkus.JwtTestResource;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.rollout.domain.GrantDecision;
import io.acu.rollout.persistence.OfferStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A burst of download-grant requests against rollout's grant decision ({@link OfferStore#grant}, the part serialised
 * per distribution point), in process on the real PostgreSQL: {@code -Dacu.benchmark.clients} offered clients (default
 * 20,000) ask at once, {@code -Dacu.benchmark.concurrency} requests in flight (default 64), spread over two DPs with
 * K = {@code -Dacu.benchmark.maxInFlight} each (default 50), as a maintenance window opening on a large site. Grants are
 * held (downloads take minutes), so with the default K all but 100 requests are refusals (429); with a K above the
 * clients every request is a new grant, the path serialised per DP. Prints requests per second and the latency percentiles of each of
 * {@code -Dacu.benchmark.rounds} rounds (default 3, fresh clients each). Not an HTTP figure: the HTTP and JSON part
 * is the same whatever the decision costs. Run: {@code mvn -pl services/rollout test -Dtest=GrantBurstBenchmark
 * -Dacu.benchmark=true}.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = JwtTestResource.class, parallel = true)
@EnabledIfSystemProperty(named = "acu.benchmark", matches = "true")
class GrantBurstBenchmark {

    private static final int CLIENTS = Integer.getInteger("acu.benchmark.clients", 20_000);
    private static final int CONCURRENCY = Integer.getInteger("acu.benchmark.concurrency", 64);
    private static final int ROUNDS = Integer.getInteger("acu.benchmark.rounds", 3);
    private static final int MAX_IN_FLIGHT = Integer.getInteger("acu.benchmark.maxInFlight", 50);
    private static final GrantDecision.Limits LIMITS = new GrantDecision.Limits(MAX_IN_FLIGHT, 0, Duration.ofHours(2), Duration.ofSeconds(30));

    @Inject
    OfferStore offers;

    @Test
    void burstOfGrantRequests() {
        for (int round = 0; round <= ROUNDS; round++) {
            String packageId = String.format(Locale.ROOT, "CAS%05d", 90 + round);
            String points = "dp" + round + "x"; // fresh DPs each round: the last round's grants are still held
            Instant at = Instant.now();
            Multi.createFrom().range(0, CLIENTS)
                    .onItem().transformToUni(i -> offers.recordOffer(packageId, 5, client(i), 2, "BG-" + (i % 2), at))
                    .merge(16).collect().last().await().indefinitely();
            long[] micros = new long[CLIENTS];
            int[] granted = new int[1];
            long start = System.nanoTime();
            Multi.createFrom().range(0, CLIENTS)
                    .onItem().transformToUni(i -> {
                        long asked = System.nanoTime();
                        return offers.grant(packageId, 5, client(i), points + (1 + i % 2), "BG-" + (i % 2), LIMITS, Instant.now())
                                .invoke(result -> {
                                    micros[i] = (System.nanoTime() - asked) / 1_000;
                                    if (result instanceof OfferStore.GrantResult.Decided d && d.decision() instanceof GrantDecision.Granted) {
                                        synchronized (granted) {
                                            granted[0]++;
                                        }
                                    }
                                });
                    })
                    .merge(CONCURRENCY).collect().last().await().indefinitely();
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] sorted = micros.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "grant burst %s: %,d requests in %.2f s = %,.0f/s, %d granted; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    round == 0 ? "warm-up" : "round " + round, CLIENTS, seconds, CLIENTS / seconds, granted[0],
                    sorted[CLIENTS / 2] / 1000.0, sorted[(int) (CLIENTS * 0.99)] / 1000.0, sorted[CLIENTS - 1] / 1000.0);
        }
    }

    private static String client(int i) {
        return String.format(Locale.ROOT, "GUID:00000000-0000-4000-8000-%012d", i);
    }
}

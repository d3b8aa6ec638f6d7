package io.acu.manifestbuilder.messaging;

import io.acu.postgres.PgFailures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.manifestbuilder.domain.HotfixRejectedException;
import io.smallrye.mutiny.Uni;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Retrying a HotfixArrived: transient failures pass, refusals go at once, a failure that keeps coming back ends it. */
class BoundedRetryTest {

    private final AtomicInteger attempts = new AtomicInteger();

    @Test
    void aJvmErrorOnEveryAttemptGivesUpAfterTheLimitWithTheCause() {
        Uni<String> retried = retry(() -> {
            attempts.incrementAndGet();
            throw new OutOfMemoryError("Java heap space");
        });
        assertThatThrownBy(() -> retried.await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(BoundedRetry.GaveUpException.class)
                .hasMessage("failed 3 times the same way, not retried again: java.lang.OutOfMemoryError: Java heap space")
                .hasCauseInstanceOf(OutOfMemoryError.class);
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aStackOverflowInsideTheAttemptsUniCountsToo() {
        Uni<String> retried = retry(() -> Uni.createFrom().<String>item(() -> {
            attempts.incrementAndGet();
            throw new StackOverflowError();
        }));
        assertThatThrownBy(() -> retried.await().atMost(Duration.ofSeconds(10)))
                .hasMessage("failed 3 times the same way, not retried again: java.lang.StackOverflowError");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aRefusalIsPassedOnWithoutRetrying() {
        Uni<String> retried = retry(() -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(new HotfixRejectedException(HotfixRejectedException.Kind.UNPROCESSABLE, "no version"));
        });
        assertThatThrownBy(() -> retried.await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(HotfixRejectedException.class).hasMessage("no version");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void anOutageThatClearsBeforeTheLimitPasses() {
        Uni<String> retried = retry(() -> attempts.incrementAndGet() <= 2
                ? Uni.createFrom().failure(new IllegalStateException("database down", new ConnectException("refused")))
                : Uni.createFrom().item("applied"));
        assertThat(retried.await().atMost(Duration.ofSeconds(10))).isEqualTo("applied");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aDatabaseOutageIsWaitedOutHoweverLongItLasts() {
        // Ten refused connections (more than three times the bound), then the database is back: the event is applied.
        Uni<String> retried = retry(() -> attempts.getAndIncrement() < 10
                ? Uni.createFrom().failure(new java.util.concurrent.CompletionException(new ConnectException("Connection refused: localhost/127.0.0.1:5432")))
                : Uni.createFrom().item("applied"));
        assertThat(retried.await().atMost(Duration.ofSeconds(10))).isEqualTo("applied");
        assertThat(attempts).hasValue(11);
        assertThat(PgFailures.isOutage(new io.vertx.pgclient.PgException("the database system is shutting down", "FATAL", "57P01", null))).isTrue();
        assertThat(PgFailures.isOutage(new io.vertx.pgclient.PgException("value too long", "ERROR", "22001", null))).isFalse();
    }

    @Test
    void eachWayOfFailingHasItsOwnCountAndEveryCountIsBounded() {
        List<Throwable> failures = List.of(new IllegalStateException("a"), new IllegalStateException("b", new ConnectException("c")),
                new IllegalStateException("d"), new IllegalStateException("e", new ConnectException("f")), new IllegalStateException("g"));
        Uni<String> retried = retry(() -> Uni.createFrom().failure(failures.get(attempts.getAndIncrement() % failures.size())));
        assertThatThrownBy(() -> retried.await().atMost(Duration.ofSeconds(10)))
                .hasMessage("failed 3 times the same way, not retried again: java.lang.IllegalStateException: g");
        assertThat(attempts).hasValue(5);
    }

    private static Uni<String> retry(Supplier<Uni<? extends String>> attempt) {
        return BoundedRetry.retry(attempt, failure -> failure instanceof HotfixRejectedException, PgFailures::isOutage, 3, Duration.ofMillis(1),
                Duration.ofMillis(5));
    }
}

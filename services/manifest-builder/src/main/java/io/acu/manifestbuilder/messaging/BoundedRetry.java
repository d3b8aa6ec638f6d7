package io.acu.manifestbuilder.messaging;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Retries an attempt with exponential backoff until it succeeds, fails in a way retrying cannot change, or fails the
 * same way {@code maxSameFailures} times. "The same way" is the failure's class and its root cause's class. An outage
 * of what the service depends on ({@code outage}, e.g. the database refusing connections) is not the event's fault
 * and is retried without counting, for as long as it lasts; every other way is bounded. JVM errors
 * ({@link OutOfMemoryError}, {@link StackOverflowError}) count like any other failure: an event that exhausts the
 * heap does so on every delivery, and retrying it forever would hold up its partition and the pod.
 */
final class BoundedRetry {

    private BoundedRetry() {
    }

    /**
     * @param attempt makes one attempt; called again for every retry
     * @param passOn failures passed on at once, without retrying (e.g. a refusal that is the input's fault)
     * @param outage failures retried without counting (the database is unreachable)
     * @param maxSameFailures how many failures of one way end the retries, at least 1
     * @param firstBackoff wait after the first failure, doubling (with jitter) per retry up to {@code maxBackoff}
     * @param maxBackoff longest wait between attempts
     * @return the attempt's item; or its failure when {@code passOn} matches it; or a {@link GaveUpException} with
     *     the last failure as its cause, once one way of failing was seen {@code maxSameFailures} times
     */
    static <T> Uni<T> retry(Supplier<Uni<? extends T>> attempt, Predicate<Throwable> passOn, Predicate<Throwable> outage,
            int maxSameFailures, Duration firstBackoff, Duration maxBackoff) {
        if (maxSameFailures < 1) {
            throw new IllegalArgumentException("maxSameFailures must be at least 1, not " + maxSameFailures);
        }
        Map<String, Integer> failuresByWay = new HashMap<>();
        return Uni.createFrom().deferred(attempt)
                .onFailure(failure -> !passOn.test(failure) && !outage.test(failure) && !(failure instanceof GaveUpException)).transform(failure -> {
                    int seen = failuresByWay.merge(way(failure), 1, Integer::sum);
                    return seen >= maxSameFailures ? new GaveUpException(seen, failure) : failure;
                })
                .onFailure(failure -> !passOn.test(failure) && !(failure instanceof GaveUpException))
                .retry().withBackOff(firstBackoff, maxBackoff).indefinitely();
    }

    /** The class of a failure and of its root cause, e.g. {@code java.util.concurrent.CompletionException/java.net.ConnectException}. */
    static String way(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 32; depth++) {
            root = root.getCause();
        }
        return root == failure ? failure.getClass().getName() : failure.getClass().getName() + "/" + root.getClass().getName();
    }

    /** Retrying stopped: the same failure came back too often. The message names the count and the failure. */
    static final class GaveUpException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        GaveUpException(int times, Throwable last) {
            super("failed " + times + " times the same way, not retried again: " + last, last);
        }
    }
}

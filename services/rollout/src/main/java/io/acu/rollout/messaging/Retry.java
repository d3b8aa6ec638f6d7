package io.acu.rollout.messaging;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** A database write that is not the record's fault when it fails: retried with backoff until it succeeds, never dead-lettered. */
final class Retry {

    private static final Logger LOG = Logger.getLogger(Retry.class);

    private Retry() {
    }

    /** Runs {@code write} until it succeeds, backing off from 200 ms to 10 s between tries; {@code what} names it in the log. */
    static <T> Uni<T> untilStored(String what, Supplier<Uni<? extends T>> write) {
        return Uni.createFrom().<T>deferred(write)
                .onFailure().invoke(e -> LOG.warnf("%s failed, retrying: %s", what, e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }
}

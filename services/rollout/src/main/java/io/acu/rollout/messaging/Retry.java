package io.acu.rollout.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A database write that is not the record's fault when it fails: retried with backoff until it succeeds, never
 * dead-lettered. Once the service is shutting down the retries stop (the batch stays unacknowledged, so Kafka
 * re-delivers it to the next consumer): a closed pool would otherwise hold the shutdown for as long as the backoff
 * lasts.
 */
@ApplicationScoped
public class Retry {

    private static final Logger LOG = Logger.getLogger(Retry.class);
    private static volatile boolean shuttingDown;

    void onShutdown(@Observes ShutdownEvent event) {
        shuttingDown = true;
    }

    /** Runs {@code write} until it succeeds, backing off from 200 ms to 10 s between tries; {@code what} names it in the log. */
    static <T> Uni<T> untilStored(String what, Supplier<Uni<? extends T>> write) {
        return Uni.createFrom().<T>deferred(write)
                .onFailure(e -> !shuttingDown).invoke(e -> LOG.warnf("%s failed, retrying: %s", what, e.toString()))
                .onFailure(e -> !shuttingDown).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }
}

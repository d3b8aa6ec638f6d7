package io.acu.dpcontent.manager.service;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** The manager's worker threads call the reactive store through here. */
final class BlockingCalls {

    private BlockingCalls() {
    }

    /**
     * Runs a database call on a Vert.x context (Hibernate Reactive's requirement) and waits for it, from a worker
     * thread. The call is made inside the context, so its {@code @WithSession}/{@code @WithTransaction} apply there.
     *
     * @throws RuntimeException the call's failure, wrapped in {@link IllegalStateException} when checked
     */
    static <T> T await(Supplier<Uni<T>> call) {
        try {
            return VertxContextSupport.subscribeAndAwait(call);
        } catch (Throwable e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }
}

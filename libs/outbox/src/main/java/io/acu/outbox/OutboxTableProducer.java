package io.acu.outbox;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the configured {@link OutboxTable} injectable into the service's writers. */
final class OutboxTableProducer {

    @Produces
    @Singleton
    OutboxTable outboxTable(OutboxConfig config) {
        return new OutboxTable(config.table());
    }
}

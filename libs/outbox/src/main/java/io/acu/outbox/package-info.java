/**
 * The transactional outbox every acu service that announces its own state uses: {@link io.acu.outbox.OutboxTable}
 * (shape and writes), {@link io.acu.outbox.HibernateReactiveOutbox} (writes through a Hibernate Reactive session)
 * and {@link io.acu.outbox.OutboxRelay} (publication to Kafka, parking, metrics).
 */
package io.acu.outbox;

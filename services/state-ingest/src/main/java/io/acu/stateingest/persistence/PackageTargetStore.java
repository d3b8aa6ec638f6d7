package io.acu.stateingest.persistence;

import io.acu.formats.PackageId;
import io.acu.formats.Version;
import io.acu.stateingest.domain.PackageTarget;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** Stores package targets idempotently (by event ID) in {@code state_ingest}. */
@ApplicationScoped
public class PackageTargetStore {

    /** What applying one ManifestUpdated did. */
    public enum Outcome {
        /** The target now has this event's version. */
        APPLIED,
        /** The event was applied before (redelivery): nothing changed. */
        DUPLICATE,
        /** A newer version is already stored: the event was recorded, the target kept. */
        OLDER_THAN_STORED
    }

    /**
     * Applies the target announced by event {@code eventId} in one transaction: records the event ID,
     * then replaces the stored target only if the new one {@link PackageTarget#supersedes supersedes} it.
     *
     * @param eventId the ManifestUpdated envelope's event ID (idempotency key)
     * @param topic the topic it came from
     * @param target the announced target
     * @param now the processing time
     */
    @WithTransaction
    public Uni<Outcome> apply(UUID eventId, String topic, PackageTarget target, Instant now) {
        return session()
                .flatMap(session -> session.find(ProcessedEventEntity.class, eventId)
                        .flatMap(seen -> seen != null ? Uni.createFrom().item(Outcome.DUPLICATE) : record(session, eventId, topic, target, now)));
    }

    /**
     * The stored target of one package.
     *
     * @return empty when no ManifestUpdated for it was consumed yet
     */
    @WithSession
    public Uni<Optional<StoredTarget>> find(PackageId packageId) {
        return session().flatMap(session -> session.find(PackageTargetEntity.class, packageId.toString()))
                .map(entity -> Optional.ofNullable(entity).map(StoredTarget::of));
    }

    private Uni<Outcome> record(Mutiny.Session session, UUID eventId, String topic, PackageTarget target, Instant now) {
        ProcessedEventEntity processed = new ProcessedEventEntity();
        processed.eventId = eventId;
        processed.topic = topic;
        processed.processedAt = now;
        return session.persist(processed)
                .flatMap(ignored -> session.find(PackageTargetEntity.class, target.packageId().toString()))
                .flatMap(stored -> {
                    if (stored != null && !target.supersedes(StoredTarget.of(stored).target())) {
                        return Uni.createFrom().item(Outcome.OLDER_THAN_STORED);
                    }
                    PackageTargetEntity entity = stored != null ? stored : new PackageTargetEntity();
                    entity.packageId = target.packageId().toString();
                    entity.packageVersion = target.packageVersion();
                    entity.clientVersion = target.clientVersion().toString();
                    entity.eventId = eventId;
                    entity.updatedAt = now;
                    return (stored != null ? Uni.createFrom().voidItem() : session.persist(entity)).replaceWith(Outcome.APPLIED);
                });
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    /** A stored target with when and by which event it was set. */
    public record StoredTarget(PackageTarget target, UUID eventId, Instant updatedAt) {
        static StoredTarget of(PackageTargetEntity entity) {
            return new StoredTarget(new PackageTarget(PackageId.parse(entity.packageId), entity.packageVersion, Version.parse(entity.clientVersion)),
                    entity.eventId, entity.updatedAt);
        }
    }
}

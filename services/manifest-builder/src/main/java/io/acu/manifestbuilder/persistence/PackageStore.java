package io.acu.manifestbuilder.persistence;

import io.acu.contracts.EventEnvelope;
import io.acu.formats.Sha256;
import io.acu.formats.ccmsetup.CcmSetupXml;
import io.acu.manifestbuilder.domain.HotfixReceipt;
import io.acu.manifestbuilder.domain.PackageVersion;
import io.acu.manifestbuilder.domain.ResolvedFile;
import io.acu.outbox.HibernateReactiveOutbox;
import io.acu.outbox.OutboxTable;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Package versions, their items and the hotfixes received, in schema {@code manifest_builder}. Write methods run
 * in the caller's transaction ({@code Panache.withTransaction}); read methods open a session if none is current.
 */
@ApplicationScoped
public class PackageStore {

    private final OutboxTable outbox;

    PackageStore(OutboxTable outbox) {
        this.outbox = outbox;
    }

    /** A package and its newest version, for listings. */
    public record PackageSummary(String packageId, int latestVersion, String clientVersion) {
    }

    /**
     * The newest version of a package.
     *
     * @param packageId e.g. {@code CAS00006}
     * @param lock true to take the package's lock until the transaction ends (in a transaction only), so that
     *     concurrent rebuilds or imports of one package run one after the other
     */
    public Uni<Optional<PackageVersion>> latest(String packageId, boolean lock) {
        // A transaction-scoped advisory lock per package: locking the newest row would not do, because a waiter
        // wakes up holding the row it found before, not the version committed meanwhile.
        Uni<Void> locked = !lock ? Uni.createFrom().voidItem() : session().flatMap(session -> session.createNativeQuery(
                        "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('acu.package:' || ?1))) AS locked", Integer.class)
                .setParameter(1, packageId).getSingleResult()).replaceWithVoid();
        return locked.flatMap(ignored -> session()).flatMap(session -> session.createSelectionQuery(
                        "from PackageVersionEntity where packageId = :id order by packageVersion desc", PackageVersionEntity.class)
                .setParameter("id", packageId).setMaxResults(1)
                .getResultList()
                .flatMap(rows -> rows.isEmpty() ? Uni.createFrom().item(Optional.<PackageVersion>empty())
                        : withItems(session, rows.get(0)).map(Optional::of)));
    }

    /** The newest version of a package, read-only. */
    @WithSession
    public Uni<Optional<PackageVersion>> latest(String packageId) {
        return latest(packageId, false);
    }

    /** One version of a package. */
    @WithSession
    public Uni<Optional<PackageVersion>> find(String packageId, int version) {
        return session().flatMap(session -> session.find(PackageVersionEntity.class, new PackageVersionEntity.Key(packageId, version))
                .flatMap(row -> row == null ? Uni.createFrom().item(Optional.<PackageVersion>empty())
                        : withItems(session, row).map(Optional::of)));
    }

    /** Every version of a package, newest first. */
    @WithSession
    public Uni<List<PackageVersion>> versions(String packageId) {
        return session().flatMap(session -> session.createSelectionQuery(
                        "from PackageVersionEntity where packageId = :id order by packageVersion desc", PackageVersionEntity.class)
                .setParameter("id", packageId).getResultList()
                // One query at a time: a reactive session does not run queries concurrently.
                .flatMap(rows -> Multi.createFrom().iterable(rows).onItem().transformToUniAndConcatenate(row -> withItems(session, row))
                        .collect().asList()));
    }

    /** Every package with its newest version, by package ID. */
    @WithSession
    public Uni<List<PackageSummary>> packages() {
        return session().flatMap(session -> session.createSelectionQuery(
                        "from PackageVersionEntity p where p.packageVersion = "
                                + "(select max(q.packageVersion) from PackageVersionEntity q where q.packageId = p.packageId) order by p.packageId",
                        PackageVersionEntity.class)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new PackageSummary(r.packageId, r.packageVersion, r.clientVersion)).toList()));
    }

    /**
     * Adds the event that announces a stored version to the outbox ({@code acu.outbox.table}), in the caller's
     * transaction: it is published (by acu-outbox's relay) only if the version commits, and even if the process
     * stops right after the commit.
     */
    public Uni<Void> announce(EventEnvelope<?> event) {
        return session().flatMap(session -> HibernateReactiveOutbox.add(session, outbox, event));
    }

    /** Stores a new version and its items; in the caller's transaction. */
    public Uni<Void> insert(PackageVersion version) {
        PackageVersionEntity row = new PackageVersionEntity();
        row.packageId = version.packageId();
        row.packageVersion = version.version();
        row.previousVersion = version.previousVersion();
        row.clientVersion = version.manifest().clientVersion().toString();
        row.kbNumber = version.kbNumber();
        row.manifestXml = version.manifestXml();
        row.cab = version.cabinet().bytes();
        row.cabSha256 = version.cabinet().sha256().hex();
        row.cabSignature = version.cabinet().signatureBase64();
        row.signatureAlgorithm = version.cabinet().signatureAlgorithm();
        row.origin = version.origin().name();
        row.createdAt = version.createdAt();
        List<Object> rows = new ArrayList<>();
        rows.add(row);
        int position = 0;
        for (PackageVersion.Item item : version.items()) {
            PackageItemEntity itemRow = new PackageItemEntity();
            itemRow.packageId = row.packageId;
            itemRow.packageVersion = row.packageVersion;
            itemRow.position = position++;
            itemRow.fileName = item.fileName();
            itemRow.sha256 = item.sha256().hex();
            itemRow.fileVersion = item.fileVersion();
            itemRow.sizeBytes = item.sizeBytes();
            itemRow.installOrder = item.installOrder();
            itemRow.changed = item.changed();
            rows.add(itemRow);
        }
        // Flush now: a concurrent insert of the same version fails here, inside the transaction.
        return session().flatMap(session -> session.persistAll(rows.toArray()).call(session::flush));
    }

    /** Records a received hotfix and its files; in the caller's transaction. */
    public Uni<Void> insert(HotfixReceipt receipt) {
        HotfixEntity row = new HotfixEntity();
        row.hotfixId = receipt.hotfixId();
        row.kbNumber = receipt.kbNumber();
        row.title = receipt.title();
        row.packageId = receipt.packageId();
        row.channel = receipt.channel();
        row.sourceEventId = receipt.sourceEventId();
        row.packageVersion = receipt.producedVersion();
        row.receivedAt = receipt.receivedAt();
        List<Object> rows = new ArrayList<>();
        rows.add(row);
        for (ResolvedFile file : receipt.files()) {
            HotfixFileEntity fileRow = new HotfixFileEntity();
            fileRow.hotfixId = row.hotfixId;
            fileRow.fileName = file.fileName();
            fileRow.sha256 = file.sha256().hex();
            fileRow.fileVersion = file.version().toString();
            fileRow.sizeBytes = file.sizeBytes();
            rows.add(fileRow);
        }
        return session().flatMap(session -> session.persistAll(rows.toArray()).call(session::flush));
    }

    /** Whether a HotfixArrived event was already applied (redelivery). */
    public Uni<Boolean> hotfixEventSeen(UUID eventId) {
        return session().flatMap(session -> session.createSelectionQuery(
                        "select count(*) from HotfixEntity where sourceEventId = :id", Long.class)
                .setParameter("id", eventId).getSingleResult()).map(count -> count > 0);
    }

    private static Uni<PackageVersion> withItems(Mutiny.Session session, PackageVersionEntity row) {
        return session.createSelectionQuery(
                        "from PackageItemEntity where packageId = :id and packageVersion = :v order by position", PackageItemEntity.class)
                .setParameter("id", row.packageId).setParameter("v", row.packageVersion)
                .getResultList()
                .map(items -> new PackageVersion(
                        CcmSetupXml.read(row.manifestXml), row.previousVersion, row.kbNumber, row.manifestXml,
                        new PackageVersion.SignedCabinet(row.cab, Sha256.parse(row.cabSha256), row.cabSignature, row.signatureAlgorithm),
                        PackageVersion.Origin.valueOf(row.origin), row.createdAt,
                        items.stream().map(i -> new PackageVersion.Item(i.fileName, Sha256.parse(i.sha256), i.fileVersion, i.sizeBytes,
                                i.installOrder, i.changed)).toList()));
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }
}

package io.acu.manifestbuilder.service;

import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.CONFLICT;
import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.DOWNGRADE;
import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.UNKNOWN_PACKAGE;
import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.UNPROCESSABLE;

import io.acu.contracts.EventEnvelope;
import io.acu.contracts.ManifestUpdated;
import io.acu.formats.PackageId;
import io.acu.manifestbuilder.domain.ContentLibrary;
import io.acu.manifestbuilder.domain.ContentLibrary.StagedFile;
import io.acu.manifestbuilder.domain.FileVersionReader;
import io.acu.manifestbuilder.domain.HotfixReceipt;
import io.acu.manifestbuilder.domain.HotfixRejectedException;
import io.acu.manifestbuilder.domain.HotfixRequest;
import io.acu.manifestbuilder.domain.HotfixRequest.IncomingFile;
import io.acu.manifestbuilder.domain.HotfixRules;
import io.acu.manifestbuilder.domain.HotfixSource;
import io.acu.manifestbuilder.domain.IntakeResult;
import io.acu.manifestbuilder.domain.ManifestRebuild;
import io.acu.manifestbuilder.domain.PackageVersion;
import io.acu.manifestbuilder.domain.PublisherPolicy;
import io.acu.manifestbuilder.domain.ResolvedFile;
import io.acu.manifestbuilder.persistence.PackageStore;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Turns a hotfix into a new package version, the same way for uploads and HotfixArrived events:
 * <ol>
 *   <li>checks the request (package ID, names, duplicates; {@link HotfixRules#checkRequest}) and that the package
 *       exists;
 *   <li>stages every file in the content library (streamed from the upload or the {@link HotfixSource}, hashed) and
 *       decides it by {@link HotfixRules#resolve} (declared hash and version against the file's own, the
 *       trusted-publisher rule); any refusal discards every staged file, so a refused hotfix leaves nothing behind;
 *   <li>commits the files to the library (atomic renames);
 *   <li>in one transaction, under a lock on the package's newest version: rebuilds the manifest
 *       ({@link ManifestRebuild}), refusing a file with a lower version than its item's unless the request allows
 *       downgrades; if it changed, stores the new version with its signed cabinet and queues its ManifestUpdated in
 *       the outbox; records the hotfix either way.
 * </ol>
 * A refusal in step 4 (a downgrade, a concurrent change) comes after step 3: the hotfix's content stays in the
 * library, unreferenced; no version, hotfix record or event is kept. The downgrade rule is checked there, against
 * the locked current version, so that a redelivered event already applied is still a duplicate, and no hotfix
 * slips in between the check and the new version.
 */
@ApplicationScoped
public class HotfixIntake {

    private static final Logger LOG = Logger.getLogger(HotfixIntake.class);
    /** The MDC key of the package a log line is about (a JSON log line's {@code mdc.packageId}). */
    public static final String PACKAGE_ID = "packageId";
    /** The span attribute naming the package a hotfix updates, e.g. {@code CAS00006}. */
    public static final AttributeKey<String> PACKAGE_ATTRIBUTE = AttributeKey.stringKey("acu.package.id");

    private final PackageStore store;
    private final ContentLibrary library;
    private final HotfixSource source;
    private final HotfixRules rules;
    private final VersionFactory factory;
    private final Vertx vertx;
    private final long maxFileBytes;
    private final Clock clock;

    HotfixIntake(PackageStore store, ContentLibrary library, HotfixSource source, FileVersionReader versions,
            PublisherPolicy publishers, VersionFactory factory, Vertx vertx, Clock clock,
            @ConfigProperty(name = "acu.hotfix.max-file-bytes") long maxFileBytes) {
        this.store = store;
        this.library = library;
        this.source = source;
        this.rules = new HotfixRules(versions, publishers);
        this.factory = factory;
        this.vertx = vertx;
        this.clock = clock;
        this.maxFileBytes = maxFileBytes;
    }

    /**
     * Accepts a hotfix.
     *
     * @return what it did
     * @throws HotfixRejectedException (as a failed Uni) with the reason, when refused; no version, record or event
     *     is kept then ({@link HotfixRejectedException.Kind#DOWNGRADE}: a file lower than the package's and
     *     {@code request.allowDowngrade()} false)
     */
    public Uni<IntakeResult> accept(HotfixRequest request) {
        PackageId packageId;
        try {
            packageId = HotfixRules.checkRequest(request);
        } catch (HotfixRejectedException e) {
            return Uni.createFrom().failure(e);
        }
        String id = packageId.toString();
        // The hotfix's log lines carry its package (Quarkus keeps the MDC per Vert.x duplicated context, i.e. per
        // request or record, and it is removed when the intake ends); the span gets it so the trace can be found by it.
        MDC.put(PACKAGE_ID, id);
        Span.current().setAttribute(PACKAGE_ATTRIBUTE, id);
        return store.latest(id)
                .flatMap(latest -> {
                    if (latest.isEmpty()) {
                        return Uni.createFrom().failure(new HotfixRejectedException(UNKNOWN_PACKAGE, "package " + id
                                + " is not known to manifest-builder; import its manifest first (POST /api/packages)"));
                    }
                    return vertx.executeBlocking(Uni.createFrom().item(() -> resolveAll(request)));
                })
                .flatMap(files -> Panache.withTransaction(() -> rebuild(request, id, files)))
                .onFailure(HotfixIntake::isUniqueViolation).transform(e -> new HotfixRejectedException(CONFLICT,
                        "package " + id + " was changed concurrently; send the hotfix again"))
                .onTermination().invoke(() -> MDC.remove(PACKAGE_ID));
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }

    /** Blocking: stages, checks and commits every file; on any refusal nothing stays staged. */
    private List<ResolvedFile> resolveAll(HotfixRequest request) {
        List<StagedFile> staged = new ArrayList<>();
        List<ResolvedFile> resolved = new ArrayList<>();
        boolean accepted = false;
        try {
            for (IncomingFile file : request.files()) {
                StagedFile content = stage(file, staged);
                resolved.add(rules.resolve(file, content));
            }
            for (StagedFile content : staged) {
                library.commit(content);
            }
            accepted = true;
            return resolved;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!accepted) {
                staged.forEach(library::discard);
            }
        }
    }

    private StagedFile stage(IncomingFile file, List<StagedFile> staged) throws IOException {
        if (file.source() instanceof HotfixRequest.InLibrary inLibrary) {
            Path path = library.find(inLibrary.sha256()).orElseThrow(() -> new HotfixRejectedException(UNPROCESSABLE,
                    file.fileName() + ": no content with sha256 " + inLibrary.sha256() + " in the source library"));
            // Already hashed when it was committed; nothing to stage.
            return new StagedFile(path, inLibrary.sha256(), Files.size(path));
        }
        StagedFile content;
        try (InputStream in = open(file)) {
            content = library.stage(in, maxFileBytes, file.fileName());
        }
        staged.add(content);
        return content;
    }

    private InputStream open(IncomingFile file) throws IOException {
        if (file.source() instanceof HotfixRequest.Upload upload) {
            return Files.newInputStream(upload.path());
        }
        return source.open(file.fileName(), ((HotfixRequest.Remote) file.source()).url());
    }

    private Uni<IntakeResult> rebuild(HotfixRequest request, String packageId, List<ResolvedFile> files) {
        Uni<Boolean> seen = request.sourceEventId() == null ? Uni.createFrom().item(false) : store.hotfixEventSeen(request.sourceEventId());
        return seen.flatMap(duplicate -> duplicate
                ? store.latest(packageId, false).map(latest -> new IntakeResult(IntakeResult.Outcome.DUPLICATE, null, packageId,
                        latest.orElseThrow().version(), null, List.of()))
                : store.latest(packageId, true).flatMap(latest -> apply(request, latest.orElseThrow(), files)));
    }

    private Uni<IntakeResult> apply(HotfixRequest request, PackageVersion current, List<ResolvedFile> files) {
        UUID hotfixId = UUID.randomUUID();
        ManifestRebuild.Outcome outcome = ManifestRebuild.apply(current.manifest(), files, request.allowDowngrade());
        if (outcome instanceof ManifestRebuild.Downgrade downgrade) {
            return Uni.createFrom().failure(new HotfixRejectedException(DOWNGRADE, downgrade.reason()));
        }
        if (outcome instanceof ManifestRebuild.Changed changed) {
            PackageVersion next = factory.fromHotfix(current, changed, files, request.kbNumber(), clock.instant());
            HotfixReceipt receipt = receipt(request, hotfixId, current.packageId(), next.version(), files);
            EventEnvelope<ManifestUpdated> event = factory.manifestUpdated(next, clock.instant());
            return store.insert(next)
                    .call(() -> store.insert(receipt))
                    .call(() -> store.announce(event))
                    .invoke(() -> LOG.infof("%s %s: %s v%d -> v%d, changed %s, event %s", request.channel(), request.kbNumber(),
                            next.packageId(), current.version(), next.version(), changed.changedFileNames(), event.eventId()))
                    .replaceWith(new IntakeResult(IntakeResult.Outcome.CREATED, hotfixId, next.packageId(), next.version(),
                            current.version(), List.copyOf(changed.changedFileNames())));
        }
        HotfixReceipt receipt = receipt(request, hotfixId, current.packageId(), null, files);
        return store.insert(receipt)
                .invoke(() -> LOG.infof("%s %s: %s stays at v%d, no file changed", request.channel(), request.kbNumber(),
                        current.packageId(), current.version()))
                .replaceWith(new IntakeResult(IntakeResult.Outcome.UNCHANGED, hotfixId, current.packageId(), current.version(), null, List.of()));
    }

    private HotfixReceipt receipt(HotfixRequest request, UUID hotfixId, String packageId, Integer version, List<ResolvedFile> files) {
        return new HotfixReceipt(hotfixId, request.kbNumber(), request.title() == null ? "" : request.title(), packageId,
                request.channel(), request.sourceEventId(), version, clock.instant(), files);
    }
}

package io.acu.manifestbuilder.service;

import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.CONFLICT;
import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.INVALID;

import io.acu.formats.ccmsetup.CcmSetupManifest;
import io.acu.formats.ccmsetup.CcmSetupXml;
import io.acu.formats.xml.MalformedDocumentException;
import io.acu.manifestbuilder.domain.FileNames;
import io.acu.manifestbuilder.domain.HotfixRejectedException;
import io.acu.manifestbuilder.domain.PackageVersion;
import io.acu.manifestbuilder.persistence.PackageStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Brings an existing client package under manifest-builder's care: its current ccmsetup.xml is stored as it is
 * (same PackageVersion, e.g. CAS00006 v4), packed and signed, without a ManifestUpdated (the version already exists
 * in the site: distribution points have it). Hotfixes then build on it.
 *
 * <p>Two ways in: {@code POST /api/packages} (admin), and at start every file listed in
 * {@code acu.seed.manifests} whose package is not stored yet (the demo seeds CAS00006 v4 this way).
 */
@ApplicationScoped
public class PackageImport {

    private static final Logger LOG = Logger.getLogger(PackageImport.class);

    private final PackageStore store;
    private final VersionFactory factory;
    private final Optional<List<Path>> seeds;
    private final Clock clock;

    PackageImport(PackageStore store, VersionFactory factory, Clock clock,
            @ConfigProperty(name = "acu.seed.manifests") Optional<List<Path>> seeds) {
        this.store = store;
        this.factory = factory;
        this.clock = clock;
        this.seeds = seeds;
    }

    /** Highest PackageVersion an import may carry (exclusive): leaves room for the versions hotfixes add. */
    static final int MAX_IMPORTED_VERSION = 1_000_000_000;

    /**
     * Imports a manifest.
     *
     * @param ccmsetupXml the package's ccmsetup.xml
     * @return the stored version
     * @throws HotfixRejectedException (as a failed Uni): INVALID for an unreadable manifest, CONFLICT when the
     *     package already has versions
     */
    public Uni<PackageVersion> importManifest(byte[] ccmsetupXml) {
        CcmSetupManifest manifest;
        try {
            manifest = CcmSetupXml.read(ccmsetupXml);
        } catch (MalformedDocumentException e) {
            return Uni.createFrom().failure(new HotfixRejectedException(INVALID, "ccmsetup.xml: " + e.getMessage()));
        }
        try {
            // The same rules as a hotfix's files: an item name is a path inside the package, never outside it.
            manifest.items().forEach(item -> FileNames.check(item.fileName()));
            if (manifest.packageVersion() < 1 || manifest.packageVersion() >= MAX_IMPORTED_VERSION) {
                throw new HotfixRejectedException(INVALID, "ccmsetup.xml: PackageVersion " + manifest.packageVersion()
                        + " must be between 1 and " + (MAX_IMPORTED_VERSION - 1) + " so later versions can follow it");
            }
        } catch (HotfixRejectedException e) {
            return Uni.createFrom().failure(e);
        }
        PackageVersion version = factory.imported(manifest, clock.instant());
        return Panache.withTransaction(() -> store.latest(version.packageId(), true).flatMap(existing -> existing.isPresent()
                ? Uni.createFrom().failure(new HotfixRejectedException(CONFLICT, "package " + version.packageId()
                        + " already exists at version " + existing.get().version()))
                : store.insert(version).replaceWith(version)));
    }

    void seed(@Observes StartupEvent start) throws Throwable {
        for (Path file : seeds.orElse(List.of())) {
            byte[] xml;
            try {
                xml = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read seed manifest " + file, e);
            }
            String packageId = CcmSetupXml.read(xml).packageId().toString();
            VertxContextSupport.subscribeAndAwait(() -> store.latest(packageId).flatMap(existing -> {
                if (existing.isPresent()) {
                    return Uni.createFrom().voidItem();
                }
                return importManifest(xml).invoke(v -> LOG.infof("Seeded %s v%d from %s", v.packageId(), v.version(), file)).replaceWithVoid();
            }));
        }
    }
}

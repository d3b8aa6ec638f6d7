package io.acu.manifestbuilder.service;

import io.acu.contracts.CabinetFile;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.ManifestItem;
import io.acu.contracts.ManifestUpdated;
import io.acu.formats.Sha256;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import io.acu.manifestbuilder.domain.ContentLibrary;
import io.acu.manifestbuilder.domain.ManifestPackaging;
import io.acu.manifestbuilder.domain.ManifestRebuild;
import io.acu.manifestbuilder.domain.PackageVersion;
import io.acu.manifestbuilder.domain.ResolvedFile;
import io.acu.manifestbuilder.signing.CabinetSigner;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds stored package versions (manifest bytes, signed cabinet, item facts) and the ManifestUpdated event that
 * announces one. The event's URLs start with {@code acu.public-url}, the address clients and dp-content reach
 * manifest-builder at.
 */
@ApplicationScoped
public class VersionFactory {

    /** The service that writes the events, in the envelope's {@code source}. */
    public static final String SOURCE = "manifest-builder";

    private final CabinetSigner signer;
    private final ContentLibrary library;
    private final String publicUrl;

    VersionFactory(CabinetSigner signer, ContentLibrary library, @ConfigProperty(name = "acu.public-url") String publicUrl) {
        this.signer = signer;
        this.library = library;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** The version a hotfix produced from {@code current}. */
    public PackageVersion fromHotfix(PackageVersion current, ManifestRebuild.Changed changed, List<ResolvedFile> files, String kbNumber,
            Instant now) {
        CcmSetupManifest manifest = changed.manifest();
        List<PackageVersion.Item> items = new ArrayList<>();
        for (io.acu.formats.ccmsetup.ManifestItem item : manifest.items()) {
            boolean isChanged = changed.changed(item.fileName());
            Long size = isChanged
                    ? files.stream().filter(f -> f.fileName().equalsIgnoreCase(item.fileName())).findFirst().map(ResolvedFile::sizeBytes).orElse(null)
                    : current.items().stream().filter(i -> i.fileName().equalsIgnoreCase(item.fileName())).findFirst()
                            .map(PackageVersion.Item::sizeBytes).orElseGet(() -> sizeInLibrary(item.fileHash()));
            items.add(item(item, size, isChanged));
        }
        return packed(manifest, current.version(), kbNumber, PackageVersion.Origin.HOTFIX, now, items);
    }

    /** An imported manifest as a first version: every item counts as changed; sizes from the library where present. */
    public PackageVersion imported(CcmSetupManifest manifest, Instant now) {
        List<PackageVersion.Item> items = manifest.items().stream().map(i -> item(i, sizeInLibrary(i.fileHash()), true)).toList();
        return packed(manifest, null, null, PackageVersion.Origin.IMPORT, now, items);
    }

    private PackageVersion packed(CcmSetupManifest manifest, Integer previous, String kbNumber, PackageVersion.Origin origin, Instant now,
            List<PackageVersion.Item> items) {
        byte[] xml = ManifestPackaging.manifestXml(manifest);
        byte[] cab = ManifestPackaging.cabinet(xml);
        PackageVersion.SignedCabinet cabinet = new PackageVersion.SignedCabinet(cab, Sha256.compute(cab), signer.sign(cab), CabinetSigner.ALGORITHM);
        return new PackageVersion(manifest, previous, kbNumber, xml, cabinet, origin, now, items);
    }

    private static PackageVersion.Item item(io.acu.formats.ccmsetup.ManifestItem item, Long size, boolean changed) {
        return new PackageVersion.Item(item.fileName(), item.fileHash(), item.discovery().versionRule().version().toString(), size,
                item.installation().order(), changed);
    }

    private Long sizeInLibrary(Sha256 hash) {
        return library.find(hash).map(path -> {
            try {
                return Files.size(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse(null);
    }

    /**
     * The ManifestUpdated announcing {@code version}. Items whose content is not in the source library (from an
     * imported manifest) are published with size 0.
     */
    public EventEnvelope<ManifestUpdated> manifestUpdated(PackageVersion version, Instant now) {
        List<ManifestItem> items = version.items().stream().map(i -> new ManifestItem(i.fileName(), i.sha256().hex(), i.fileVersion(),
                i.sizeBytes() == null ? 0 : i.sizeBytes(), i.installOrder(), i.changed())).toList();
        PackageVersion.SignedCabinet cab = version.cabinet();
        CcmSetupManifest manifest = version.manifest();
        ManifestUpdated payload = new ManifestUpdated(version.packageId(), version.version(), version.previousVersion(),
                manifest.clientVersion().toString(), manifest.minimumAssignableSiteVersion().toString(), version.kbNumber(), items,
                new CabinetFile(ManifestPackaging.CABINET_NAME, cab.sha256().hex(), cab.bytes().length, cab.signatureBase64(),
                        cab.signatureAlgorithm(), signingKeyUrl()),
                sourceUrl(version.packageId(), version.version()));
        return EventEnvelope.of(payload, SOURCE, now);
    }

    /** Where a version's files are served: {@code <public-url>/source/<packageId>/<version>/}. */
    public String sourceUrl(String packageId, int version) {
        return publicUrl + "/source/" + packageId + "/" + version + "/";
    }

    /** Where the cabinet verification key is served. */
    public String signingKeyUrl() {
        return publicUrl + "/api/signing-key";
    }
}

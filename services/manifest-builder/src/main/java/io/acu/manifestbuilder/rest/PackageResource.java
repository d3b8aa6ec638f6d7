package io.acu.manifestbuilder.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.acu.formats.InvalidValueException;
import io.acu.formats.PackageId;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import io.acu.formats.ccmsetup.ManifestItem;
import io.acu.manifestbuilder.domain.PackageVersion;
import io.acu.manifestbuilder.persistence.PackageStore;
import io.acu.manifestbuilder.service.PackageImport;
import io.acu.manifestbuilder.service.VersionFactory;
import io.acu.problem.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Client install packages: import (admin), and the read API (viewer or admin): packages, versions, one version's
 * manifest as ccmsetup.xml or JSON, and the difference between two versions.
 */
@Path("/api/packages")
public class PackageResource {

    private static final String XML = "application/xml";

    private final PackageStore store;
    private final PackageImport importer;
    private final VersionFactory factory;

    PackageResource(PackageStore store, PackageImport importer, VersionFactory factory) {
        this.store = store;
        this.importer = importer;
        this.factory = factory;
    }

    /** A version in listings. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VersionView(String packageId, int packageVersion, Integer previousVersion, String clientVersion, String kbNumber,
            String origin, Instant createdAt, String cabSha256, long cabSizeBytes, String cabSignature, String signatureAlgorithm,
            String contentSourceUrl, List<ItemView> items) {
        static VersionView of(PackageVersion v, VersionFactory factory) {
            return new VersionView(v.packageId(), v.version(), v.previousVersion(), v.manifest().clientVersion().toString(), v.kbNumber(),
                    v.origin().name(), v.createdAt(), v.cabinet().sha256().hex(), v.cabinet().bytes().length, v.cabinet().signatureBase64(),
                    v.cabinet().signatureAlgorithm(), factory.sourceUrl(v.packageId(), v.version()),
                    v.items().stream().map(ItemView::of).toList());
        }
    }

    /** An item of a version: size null when the content is not in the source library. */
    public record ItemView(String fileName, String sha256, String fileVersion, Long sizeBytes, int installOrder, boolean changed) {
        static ItemView of(PackageVersion.Item i) {
            return new ItemView(i.fileName(), i.sha256().hex(), i.fileVersion(), i.sizeBytes(), i.installOrder(), i.changed());
        }
    }

    /** One changed item between two versions; {@code old*} null for an added item, {@code new*} null for a removed one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemChange(String fileName, String change, String oldSha256, String newSha256, String oldVersion, String newVersion) {
    }

    /** The difference between two versions. */
    public record DiffView(String packageId, int from, int to, List<ItemChange> items) {
    }

    /**
     * Imports a package's current ccmsetup.xml as its first stored version (no event is published).
     *
     * @param ccmsetupXml the manifest, {@code application/xml}
     * @return 201 with the version; 400 for an unreadable manifest; 409 if the package exists
     */
    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes({XML, MediaType.TEXT_XML})
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> importPackage(byte[] ccmsetupXml) {
        return importer.importManifest(ccmsetupXml).map(v -> Response.status(Response.Status.CREATED).entity(VersionView.of(v, factory)).build());
    }

    /** @return every package with its newest version: {@code [{"packageId":"CAS00006","latestVersion":5,"clientVersion":"5.00.7804.1000"}]} */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<PackageStore.PackageSummary>> packages() {
        return store.packages();
    }

    /** @return a package's versions, newest first; 400 for a malformed package ID, 404 for an unknown package */
    @GET
    @Path("/{packageId}/versions")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> versions(@PathParam("packageId") String packageId) {
        String id = packageId(packageId);
        return store.versions(id).map(list -> list.isEmpty() ? Problem.of(404, "package " + id + " is not known").toResponse()
                : Response.ok(list.stream().map(v -> VersionView.of(v, factory)).toList()).build());
    }

    /** @return one version's details with its items; 404 if absent */
    @GET
    @Path("/{packageId}/versions/{version}")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> version(@PathParam("packageId") String packageId, @PathParam("version") int version) {
        return find(packageId, version).map(v -> v.map(found -> Response.ok(VersionView.of(found, factory)).build())
                .orElseGet(() -> notFound(packageId, version)));
    }

    /** @return the version's ccmsetup.xml, byte for byte as in its cabinet */
    @GET
    @Path("/{packageId}/versions/{version}/manifest")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Produces(XML)
    public Uni<Response> manifestXml(@PathParam("packageId") String packageId, @PathParam("version") int version) {
        return find(packageId, version).map(v -> v.map(found -> Response.ok(found.manifestXml(), XML).build())
                .orElseGet(() -> notFound(packageId, version)));
    }

    /** @return the version's manifest as JSON (the ccmsetup.xml model: root attributes and items) */
    @GET
    @Path("/{packageId}/versions/{version}/manifest")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> manifestJson(@PathParam("packageId") String packageId, @PathParam("version") int version) {
        return find(packageId, version).map(v -> v.map(found -> Response.ok(ManifestJson.of(found.manifest())).type(MediaType.APPLICATION_JSON).build())
                .orElseGet(() -> notFound(packageId, version)));
    }

    /**
     * @param from the older version
     * @param to the newer version
     * @return the items added, removed or changed from {@code from} to {@code to}, with old and new hash and version
     */
    @GET
    @Path("/{packageId}/diff")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> diff(@PathParam("packageId") String packageId, @QueryParam("from") Integer from, @QueryParam("to") Integer to) {
        if (from == null || to == null) {
            return Uni.createFrom().item(Problem.of(400, "query parameters 'from' and 'to' (package versions) are required").toResponse());
        }
        return find(packageId, from).flatMap(older -> find(packageId, to).map(newer -> {
            if (older.isEmpty()) {
                return notFound(packageId, from);
            }
            if (newer.isEmpty()) {
                return notFound(packageId, to);
            }
            return Response.ok(new DiffView(packageId, from, to, changes(older.get().manifest(), newer.get().manifest()))).build();
        }));
    }

    private static List<ItemChange> changes(CcmSetupManifest before, CcmSetupManifest after) {
        List<ItemChange> changes = new ArrayList<>();
        for (ManifestItem item : after.items()) {
            Optional<ManifestItem> old = before.item(item.fileName());
            if (old.isEmpty()) {
                changes.add(new ItemChange(item.fileName(), "ADDED", null, item.fileHash().hex(), null, version(item)));
            } else if (!old.get().equals(item)) {
                changes.add(new ItemChange(item.fileName(), "CHANGED", old.get().fileHash().hex(), item.fileHash().hex(), version(old.get()),
                        version(item)));
            }
        }
        for (ManifestItem item : before.items()) {
            if (after.item(item.fileName()).isEmpty()) {
                changes.add(new ItemChange(item.fileName(), "REMOVED", item.fileHash().hex(), null, version(item), null));
            }
        }
        return changes;
    }

    private static String version(ManifestItem item) {
        return item.discovery().versionRule().version().toString();
    }

    private Uni<Optional<PackageVersion>> find(String packageId, int version) {
        return store.find(packageId(packageId), version);
    }

    private static Response notFound(String packageId, int version) {
        return Problem.of(404, "package " + packageId + " has no version " + version).toResponse();
    }

    /** Checks a package ID path parameter; a malformed one is a 400 with the reason. */
    static String packageId(String text) {
        try {
            return PackageId.parse(text).toString();
        } catch (InvalidValueException e) {
            throw new io.acu.manifestbuilder.domain.HotfixRejectedException(
                    io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.INVALID, "packageId: " + e.getMessage());
        }
    }
}

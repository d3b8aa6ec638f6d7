package io.acu.manifestbuilder.rest;

import io.acu.manifestbuilder.domain.ContentLibrary;
import io.acu.manifestbuilder.domain.ManifestPackaging;
import io.acu.manifestbuilder.domain.PackageVersion;
import io.acu.manifestbuilder.persistence.PackageStore;
import io.acu.problem.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * The source share (ConfigMgr's package source, the "client share" dp-content pulls from):
 * {@code GET|HEAD /source/{packageId}/{version}/{file}} serves a file of a package version, {@code file} being an
 * Item FileName (e.g. {@code SCEPInstall.exe}, {@code x64/client.msi}) or {@code ccmsetup.cab}. Responses carry
 * {@code Content-Length} and the SHA-256 as a strong {@code ETag}. For dp-content's service token
 * ({@code acu-dp-content}) or an admin.
 */
@Path("/source/{packageId}/{version}")
@RolesAllowed({Roles.DP_CONTENT, Roles.ADMIN})
public class SourceShareResource {

    private static final String OCTETS = "application/octet-stream";

    private final PackageStore store;
    private final ContentLibrary library;

    SourceShareResource(PackageStore store, ContentLibrary library) {
        this.store = store;
        this.library = library;
    }

    /** @return 200 with the bytes; 404 when the version or file does not exist or its content is not in the library */
    @GET
    @Path("/{file: .+}")
    public Uni<Response> get(@PathParam("packageId") String packageId, @PathParam("version") int version, @PathParam("file") String file) {
        return serve(packageId, version, file, true);
    }

    /** @return the headers {@link #get} would send, without the body */
    @HEAD
    @Path("/{file: .+}")
    public Uni<Response> head(@PathParam("packageId") String packageId, @PathParam("version") int version, @PathParam("file") String file) {
        return serve(packageId, version, file, false);
    }

    private Uni<Response> serve(String packageId, int version, String file, boolean body) {
        String id = PackageResource.packageId(packageId);
        return store.find(id, version).map(found -> {
            if (found.isEmpty()) {
                return Problem.of(404, "package " + id + " has no version " + version).toResponse();
            }
            PackageVersion v = found.get();
            if (file.equalsIgnoreCase(ManifestPackaging.CABINET_NAME)) {
                byte[] cab = v.cabinet().bytes();
                return Response.ok(body ? cab : null, OCTETS).header("Content-Length", cab.length)
                        .header("ETag", "\"" + v.cabinet().sha256().hex() + "\"").build();
            }
            Optional<PackageVersion.Item> item = v.items().stream().filter(i -> i.fileName().equalsIgnoreCase(file)).findFirst();
            if (item.isEmpty()) {
                return Problem.of(404, "package " + id + " v" + version + " has no file '" + file + "'").toResponse();
            }
            Optional<java.nio.file.Path> content = library.find(item.get().sha256());
            if (content.isEmpty()) {
                return Problem.of(404, "the content of " + file + " (" + item.get().sha256() + ") is not in the source library").toResponse();
            }
            try {
                long size = Files.size(content.get());
                return Response.ok(body ? content.get().toFile() : null, OCTETS).header("Content-Length", size)
                        .header("ETag", "\"" + item.get().sha256().hex() + "\"").build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}

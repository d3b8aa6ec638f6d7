package io.acu.manifestbuilder.rest;

import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.INVALID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.acu.contracts.StrictJson;
import io.acu.manifestbuilder.domain.HotfixRejectedException;
import io.acu.manifestbuilder.domain.HotfixRequest;
import io.acu.manifestbuilder.domain.IntakeResult;
import io.acu.manifestbuilder.service.HotfixIntake;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The admin hotfix upload: {@code POST /api/hotfixes}. */
@Path("/api/hotfixes")
public class HotfixResource {

    /** Strict: unknown or repeated fields are refused, nothing is coerced ({@code "kbNumber": 123} is not text). */
    private static final ObjectMapper JSON = StrictJson.mapper();

    private final HotfixIntake intake;

    HotfixResource(HotfixIntake intake) {
        this.intake = intake;
    }

    /**
     * The {@code metadata} part.
     *
     * @param kbNumber e.g. {@code KB2907566}; required
     * @param title human-readable title
     * @param packageId the package it updates, e.g. {@code CAS00006}; required
     * @param files optional per-file settings, matched to uploaded files by name
     * @param allowDowngrade {@code true} to apply a file whose version is lower than its item's in the package's
     *     current version; absent, null or {@code false}: such a hotfix is refused with 409. Must be a JSON boolean
     */
    public record HotfixMetadata(String kbNumber, String title, String packageId, List<FileMetadata> files, Boolean allowDowngrade) {
    }

    /**
     * Per-file settings.
     *
     * @param fileName the uploaded file's name (the manifest Item FileName)
     * @param sha256 the hash the file must have, 64 hex digits; optional
     * @param fileVersion the version; required for files that carry none (not PE/MSI), else must match the file's
     * @param installOrder Installation Order; optional
     * @param installationType InstallationType, e.g. {@code MSI} or {@code NONE}; optional
     * @param discoveryIdentifier Discovery Identifier of a new item; optional
     */
    public record FileMetadata(String fileName, String sha256, String fileVersion, Integer installOrder, String installationType,
            String discoveryIdentifier) {
    }

    /**
     * Uploads a hotfix.
     *
     * <p>Request: {@code multipart/form-data} with a {@code metadata} part (JSON {@link HotfixMetadata}) and one or
     * more file parts (any part name; the part's filename is the Item FileName).
     *
     * @return 201 with the new version ({@code outcome: CREATED}), or 200 with {@code outcome: UNCHANGED} when every
     *     file matched the current manifest; 400 for a malformed request (no files, bad names, duplicates, bad
     *     package ID or metadata), 404 for an unknown package, 409 for a file whose version is lower than in the
     *     package's current version (the detail names it and both versions; {@code "allowDowngrade": true} applies
     *     it) or a concurrent change, 413 for a file over {@code acu.hotfix.max-file-bytes}, 422 for a file whose
     *     version cannot be established, a declared hash or version that does not match, or an untrusted
     *     publisher; 401/403 without the acu-admin role. Problems are {@code application/problem+json}.
     */
    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> upload(@RestForm("metadata") String metadata, @RestForm(FileUpload.ALL) List<FileUpload> uploads) {
        HotfixRequest request;
        try {
            request = request(metadata, uploads);
        } catch (HotfixRejectedException e) {
            return Uni.createFrom().failure(e);
        }
        return intake.accept(request).map(result -> Response
                .status(result.outcome() == IntakeResult.Outcome.CREATED ? Response.Status.CREATED : Response.Status.OK)
                .entity(result).build());
    }

    private static HotfixRequest request(String metadata, List<FileUpload> uploads) {
        if (metadata == null || metadata.isBlank()) {
            throw new HotfixRejectedException(INVALID, "the 'metadata' part (JSON with kbNumber, title, packageId) is missing");
        }
        HotfixMetadata meta;
        try {
            meta = JSON.readValue(metadata, HotfixMetadata.class);
        } catch (JsonProcessingException e) {
            throw new HotfixRejectedException(INVALID, "metadata is not valid: " + StrictJson.describe(e, "a JSON object with kbNumber, title, packageId"));
        }
        if (meta == null) {
            throw new HotfixRejectedException(INVALID, "metadata is null; it must be a JSON object with kbNumber, title, packageId");
        }
        Map<String, FileMetadata> perFile = new HashMap<>();
        for (FileMetadata file : meta.files() == null ? List.<FileMetadata>of() : meta.files()) {
            if (file == null || file.fileName() == null) {
                throw new HotfixRejectedException(INVALID, "metadata.files entries need a fileName");
            }
            if (perFile.put(file.fileName().toLowerCase(Locale.ROOT), file) != null) {
                throw new HotfixRejectedException(INVALID, "duplicate file name '" + file.fileName() + "' in metadata");
            }
        }
        List<HotfixRequest.IncomingFile> files = new ArrayList<>();
        for (FileUpload upload : uploads == null ? List.<FileUpload>of() : uploads) {
            String name = upload.fileName();
            FileMetadata settings = perFile.remove(name == null ? "" : name.toLowerCase(Locale.ROOT));
            files.add(new HotfixRequest.IncomingFile(name, new HotfixRequest.Upload(upload.uploadedFile()),
                    settings == null ? null : settings.sha256(), settings == null ? null : settings.fileVersion(),
                    settings == null ? null : settings.installOrder(), settings == null ? null : settings.installationType(),
                    settings == null ? null : settings.discoveryIdentifier()));
        }
        if (!perFile.isEmpty() && !files.isEmpty()) {
            throw new HotfixRejectedException(INVALID, "metadata describes files that were not uploaded: "
                    + perFile.values().stream().map(FileMetadata::fileName).sorted().toList());
        }
        return new HotfixRequest(meta.kbNumber(), meta.title(), meta.packageId(), "API", null, files,
                Boolean.TRUE.equals(meta.allowDowngrade()));
    }
}

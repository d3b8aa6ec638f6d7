package io.acu.manifestbuilder.domain;

import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.INVALID;
import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.UNPROCESSABLE;

import io.acu.formats.InvalidValueException;
import io.acu.formats.PackageId;
import io.acu.formats.Sha256;
import io.acu.formats.Version;
import io.acu.manifestbuilder.domain.ContentLibrary.StagedFile;
import io.acu.manifestbuilder.domain.HotfixRequest.IncomingFile;
import java.io.IOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rules a hotfix passes before any of its files is kept: the request's own shape ({@link #checkRequest}), then,
 * per file once its bytes are staged and hashed, what the sender declares against what the file says about itself
 * ({@link #resolve}). Every refusal is a {@link HotfixRejectedException} whose reason names the file and both
 * values, e.g. {@code SCEPInstall.exe: declared fileVersion 4.3.216.0 but the file's version resource says
 * 4.3.215.0}.
 *
 * <p>The version a manifest item gets is the one ccmsetup's discovery will compare on the client, so a PE file's
 * declared version never overrides its own: a PE file is always read (its VS_VERSIONINFO FileVersion), and a
 * declared version must equal it numerically ({@code 4.3.0215.0} equals {@code 4.3.215.0}; the declared text is
 * kept). A Windows Installer file is read (its ProductVersion) only when no version is declared; a file of any
 * other kind ({@link FileKind#OTHER}) is never read and must declare one. PE files also pass the site's
 * trusted-publisher rule (ConfigMgr's client reports state 316 for a file not signed by a trusted publisher).
 */
public final class HotfixRules {

    private final FileVersionReader versions;
    private final PublisherPolicy publishers;

    /**
     * @param versions reads a PE or MSI file's own version
     * @param publishers the trusted-publisher rule for PE files
     * @throws NullPointerException if either is null
     */
    public HotfixRules(FileVersionReader versions, PublisherPolicy publishers) {
        this.versions = Objects.requireNonNull(versions, "versions");
        this.publishers = Objects.requireNonNull(publishers, "publishers");
    }

    /**
     * Checks what can be checked before any file is read: a KB number, a well-formed package ID, at least one file,
     * file names that are plain relative paths ({@link FileNames#check}) and unique ignoring case (Windows file
     * names are case-insensitive, so {@code SCEPInstall.exe} and {@code scepinstall.EXE} are the same item).
     *
     * @return the parsed package ID
     * @throws HotfixRejectedException (INVALID) with the first rule broken, e.g. {@code duplicate file name
     *     'scepinstall.EXE'}
     */
    public static PackageId checkRequest(HotfixRequest request) {
        if (request.kbNumber() == null || request.kbNumber().isBlank()) {
            throw new HotfixRejectedException(INVALID, "kbNumber is required, e.g. KB2907566");
        }
        PackageId packageId;
        try {
            packageId = PackageId.parse(request.packageId() == null ? "" : request.packageId());
        } catch (InvalidValueException e) {
            throw new HotfixRejectedException(INVALID, "packageId: " + e.getMessage());
        }
        if (request.files().isEmpty()) {
            throw new HotfixRejectedException(INVALID, "the hotfix has no files");
        }
        Set<String> names = new HashSet<>();
        for (IncomingFile file : request.files()) {
            FileNames.check(file.fileName());
            if (!names.add(file.fileName().toLowerCase(Locale.ROOT))) {
                throw new HotfixRejectedException(INVALID, "duplicate file name '" + file.fileName() + "'");
            }
        }
        return packageId;
    }

    /**
     * Decides one staged file: its declared SHA-256 (if any) must be the content's, its version is its own or the
     * declared one as described above, and a PE file must pass the publisher rule.
     *
     * @param file the file as the sender described it
     * @param content the file's bytes, staged and hashed
     * @return the file with its hash, size and version, and the item settings the sender gave
     * @throws HotfixRejectedException INVALID for a declared hash or version that does not parse; UNPROCESSABLE for a
     *     declared hash or version that differs from the file's, a file type with no readable version and none
     *     declared, a PE or MSI without a version resource (from the reader), or a publisher the site does not trust
     * @throws IOException if the reader or the publisher rule cannot read the staged file
     */
    public ResolvedFile resolve(IncomingFile file, StagedFile content) throws IOException {
        if (file.declaredSha256() != null) {
            Sha256 declared;
            try {
                declared = Sha256.parse(file.declaredSha256());
            } catch (InvalidValueException e) {
                throw new HotfixRejectedException(INVALID, file.fileName() + ": declared sha256: " + e.getMessage());
            }
            if (!declared.equals(content.sha256())) {
                throw new HotfixRejectedException(UNPROCESSABLE, file.fileName() + ": declared sha256 " + declared
                        + " but the file hashes to " + content.sha256());
            }
        }
        Version declaredVersion = null;
        if (file.declaredVersion() != null) {
            try {
                declaredVersion = Version.parse(file.declaredVersion());
            } catch (InvalidValueException e) {
                throw new HotfixRejectedException(INVALID, file.fileName() + ": declared fileVersion: " + e.getMessage());
            }
        }
        FileKind kind = FileKind.of(file.fileName());
        Optional<Version> own = kind == FileKind.OTHER || (kind == FileKind.WINDOWS_INSTALLER && declaredVersion != null)
                ? Optional.empty() : versions.read(content.path(), file.fileName());
        Version version;
        if (own.isPresent()) {
            if (declaredVersion != null && declaredVersion.compareTo(own.get()) != 0) {
                throw new HotfixRejectedException(UNPROCESSABLE, file.fileName() + ": declared fileVersion " + declaredVersion
                        + " but the file's version resource says " + own.get());
            }
            version = declaredVersion != null ? declaredVersion : own.get();
        } else if (declaredVersion != null) {
            version = declaredVersion;
        } else {
            throw new HotfixRejectedException(UNPROCESSABLE, file.fileName() + ": acu cannot read a version from this file type;"
                    + " declare fileVersion in the hotfix metadata");
        }
        if (kind == FileKind.PORTABLE_EXECUTABLE) {
            publishers.check(file.fileName(), content.path());
        }
        return new ResolvedFile(file.fileName(), content.sha256(), version, content.sizeBytes(), file.installOrder(),
                file.installationType(), file.discoveryIdentifier());
    }
}

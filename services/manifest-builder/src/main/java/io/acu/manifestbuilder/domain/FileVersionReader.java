package io.acu.manifestbuilder.domain;

import io.acu.formats.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Port: reads the version a file declares about itself. For PE files the VS_VERSIONINFO fixed-info FileVersion
 * (the numbers Windows Explorer and ccmsetup's file discovery compare; the FileVersion string is display text
 * only); for Windows Installer files the Property table's ProductVersion.
 */
public interface FileVersionReader {

    /**
     * The file's own version.
     *
     * @param file the file on local disk (a staged file may have a temporary name)
     * @param fileName the file's name in the hotfix, which decides its {@link FileKind} and names it in messages
     * @return the version; empty when the kind carries none ({@link FileKind#OTHER})
     * @throws HotfixRejectedException (UNPROCESSABLE) when a PE or MSI file has no readable version, e.g. a PE
     *     without a version resource, with the reason
     * @throws IOException if the file cannot be read
     */
    Optional<Version> read(Path file, String fileName) throws IOException;
}

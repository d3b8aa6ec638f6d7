package io.acu.manifestbuilder.fileversion;

import io.acu.formats.Version;
import io.acu.manifestbuilder.domain.FileKind;
import io.acu.manifestbuilder.domain.FileVersionReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@link FileVersionReader} on maintained libraries: pecoff4j for PE files' version block, Apache POI for Windows
 * Installer files. A PE file is read by seeking to its version resource ({@link PeVersions}), so memory does not grow
 * with the file's size; the size of a hotfix file is limited by {@code acu.hotfix.max-file-bytes} before this.
 */
@ApplicationScoped
public class LibraryFileVersionReader implements FileVersionReader {

    @Override
    public Optional<Version> read(Path file, String name) throws IOException {
        return switch (FileKind.of(name)) {
            case PORTABLE_EXECUTABLE -> Optional.of(PeVersions.read(file, name));
            case WINDOWS_INSTALLER -> Optional.of(MsiVersions.read(file, name));
            case OTHER -> Optional.empty();
        };
    }
}

package io.acu.manifestbuilder.fileversion;

import io.acu.formats.Version;
import io.acu.manifestbuilder.domain.FileKind;
import io.acu.manifestbuilder.domain.FileVersionReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@link FileVersionReader} on maintained libraries: pecoff4j for PE files, Apache POI for Windows Installer
 * files. Only a PE's image (headers and sections, not the overlay) is read, into memory as pecoff4j needs it; an
 * image above {@code acu.file-version.max-pe-bytes} (default 512 MiB) is refused with a reason asking for a
 * declared version instead.
 */
@ApplicationScoped
public class LibraryFileVersionReader implements FileVersionReader {

    private final long maxPeBytes;

    LibraryFileVersionReader(@ConfigProperty(name = "acu.file-version.max-pe-bytes", defaultValue = "536870912") long maxPeBytes) {
        this.maxPeBytes = maxPeBytes;
    }

    @Override
    public Optional<Version> read(Path file, String name) throws IOException {
        return switch (FileKind.of(name)) {
            case PORTABLE_EXECUTABLE -> Optional.of(PeVersions.read(file, name, maxPeBytes));
            case WINDOWS_INSTALLER -> Optional.of(MsiVersions.read(file, name));
            case OTHER -> Optional.empty();
        };
    }
}

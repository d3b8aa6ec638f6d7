package io.acu.formats.ccmsetup;

import java.util.Objects;

/**
 * How and when ccmsetup installs an item, {@code <Installation Order="5" InstallationType="MSI"
 * OptionalParams="/qn"/>}. Items install in ascending {@code order}.
 *
 * @param order install position; lower first
 * @param installationType as written: {@code MSI}, {@code EXE}, {@code NONE} (copied only, e.g.
 *     SCEPInstall.exe, which the client agent runs later)
 * @param optionalParams extra command-line parameters, or {@code null} when the attribute is absent
 */
public record Installation(int order, String installationType, String optionalParams) {

    /** @throws NullPointerException if {@code installationType} is null */
    public Installation {
        Objects.requireNonNull(installationType, "installationType");
    }
}

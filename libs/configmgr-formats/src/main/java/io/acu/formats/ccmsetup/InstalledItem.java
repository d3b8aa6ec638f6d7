package io.acu.formats.ccmsetup;

import io.acu.formats.Sha256;
import io.acu.formats.Version;
import java.util.Objects;

/**
 * What a client has installed for one manifest item, as ccmsetup's discovery finds it: nothing,
 * or a file (or MSI product) with its hash and version. Input to {@link ItemRequirement}.
 */
public sealed interface InstalledItem {

    /** Nothing found. */
    static InstalledItem missing() {
        return new Missing();
    }

    /** Found, with the installed file's SHA-256 and version. */
    static InstalledItem present(Sha256 hash, Version version) {
        return new Present(hash, version);
    }

    /** The item's file (or product) is not installed. */
    record Missing() implements InstalledItem {
    }

    /**
     * The item is installed.
     *
     * @param hash SHA-256 of the installed file
     * @param version its file (or product) version
     */
    record Present(Sha256 hash, Version version) implements InstalledItem {

        /** @throws NullPointerException if a component is null */
        public Present {
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(version, "version");
        }
    }
}

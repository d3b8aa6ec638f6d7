package io.acu.dpcontent.library;

import java.util.List;
import java.util.stream.Collectors;

/** A package version cannot be made available: some of its files are not (or not fully) in the content library. */
public class MissingContentException extends RuntimeException {

    private final List<PackageFile> missing;

    /** @param missing the files absent from {@code FileLib} or present with another size; at least one */
    public MissingContentException(List<PackageFile> missing) {
        super("content library lacks " + missing.stream().map(f -> f.name() + " (" + f.sha256() + ")")
                .collect(Collectors.joining(", ")));
        this.missing = List.copyOf(missing);
    }

    /** @return the missing files */
    public List<PackageFile> missing() {
        return missing;
    }
}

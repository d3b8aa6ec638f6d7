package io.acu.formats.ccmsetup;

import java.util.Objects;

/**
 * Where an item applies, {@code <Applicability Platform="X64" OS="ALL"/>}. Values are kept as
 * written (ConfigMgr uses {@code X86}, {@code X64}, {@code ALL}); acu does not interpret them.
 *
 * @param platform processor architecture, e.g. {@code X64} or {@code ALL}
 * @param os operating system filter, e.g. {@code ALL}
 */
public record Applicability(String platform, String os) {

    /** @throws NullPointerException if a component is null */
    public Applicability {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(os, "os");
    }
}

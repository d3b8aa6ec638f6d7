package io.acu.formats.ccmsetup;

import io.acu.formats.Version;
import java.util.Objects;

/**
 * A Discovery version rule, {@code <Property Name="Version" Operator="&gt;=">4.3.215.0</Property>}:
 * an installed item whose version does not satisfy it must be (re)installed.
 *
 * @param operator the comparison
 * @param version the version compared against; its text is written back unchanged
 */
public record VersionRule(VersionOperator operator, Version version) {

    /** @throws NullPointerException if a component is null */
    public VersionRule {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(version, "version");
    }

    /** Whether {@code installed <operator> version} holds, e.g. 4.2.223.1 fails {@code >= 4.3.215.0}. */
    public boolean isSatisfiedBy(Version installed) {
        return operator.test(installed, version);
    }

    /** This rule with another version and the same operator. */
    public VersionRule withVersion(Version newVersion) {
        return new VersionRule(operator, newVersion);
    }

    /** E.g. {@code >= 4.3.215.0}. */
    @Override
    public String toString() {
        return operator.symbol() + " " + version;
    }
}

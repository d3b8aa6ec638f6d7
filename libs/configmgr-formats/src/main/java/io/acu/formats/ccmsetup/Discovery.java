package io.acu.formats.ccmsetup;

import io.acu.formats.Version;
import java.util.Objects;

/**
 * How ccmsetup finds an installed item, {@code <Discovery Type="File" Identifier="..."
 * VerifyHash="true"><Property Name="Version" Operator="&gt;=">4.3.215.0</Property></Discovery>}.
 *
 * @param type discovery method as written: {@code File}, {@code MsiProductCode},
 *     {@code MsiUpgradeCode}
 * @param identifier what to look for: a path (environment variables unexpanded) or an MSI GUID
 * @param verifyHash whether discovery compares the installed file's hash with {@code FileHash};
 *     {@code false} for MSI-discovered items, which have no file to hash
 * @param versionRule the installed version the item must satisfy
 */
public record Discovery(String type, String identifier, boolean verifyHash, VersionRule versionRule) {

    /** @throws NullPointerException if a component is null */
    public Discovery {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(versionRule, "versionRule");
    }

    /** This discovery with the rule's version replaced, operator kept. */
    public Discovery withVersion(Version version) {
        return new Discovery(type, identifier, verifyHash, versionRule.withVersion(version));
    }
}

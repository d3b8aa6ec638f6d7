package io.acu.manifestbuilder.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import io.acu.formats.ccmsetup.ManifestItem;
import java.util.List;

/**
 * The JSON form of ccmsetup.xml for the read API: the same fields, named as the XML attributes in camel case.
 *
 * @param clientVersion e.g. {@code 5.00.7804.1000}
 * @param minimumAssignableSiteVersion e.g. {@code 5.00.7783.1000}
 * @param packageId e.g. {@code CAS00006}
 * @param packageVersion e.g. 5
 * @param items the Items in document order
 */
public record ManifestJson(String clientVersion, String minimumAssignableSiteVersion, String packageId, int packageVersion, List<Item> items) {

    /** One Item. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String fileName, String fileHash, boolean keepAfterExit, String platform, String os, String discoveryType,
            String discoveryIdentifier, boolean verifyHash, String versionOperator, String version, int installOrder,
            String installationType, String optionalParams) {
    }

    /** The JSON form of {@code manifest}. */
    public static ManifestJson of(CcmSetupManifest manifest) {
        return new ManifestJson(manifest.clientVersion().toString(), manifest.minimumAssignableSiteVersion().toString(),
                manifest.packageId().toString(), manifest.packageVersion(), manifest.items().stream().map(ManifestJson::item).toList());
    }

    private static Item item(ManifestItem i) {
        return new Item(i.fileName(), i.fileHash().hex(), i.keepAfterExit(), i.applicability().platform(), i.applicability().os(),
                i.discovery().type(), i.discovery().identifier(), i.discovery().verifyHash(), i.discovery().versionRule().operator().symbol(),
                i.discovery().versionRule().version().toString(), i.installation().order(), i.installation().installationType(),
                i.installation().optionalParams());
    }
}

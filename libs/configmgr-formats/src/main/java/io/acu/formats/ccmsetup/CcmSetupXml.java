package io.acu.formats.ccmsetup;

import io.acu.formats.PackageId;
import io.acu.formats.Sha256;
import io.acu.formats.Version;
import io.acu.formats.xml.MalformedDocumentException;
import io.acu.formats.xml.SafeXml;
import io.acu.formats.xml.XmlElement;
import io.acu.formats.xml.XmlLimits;
import io.acu.formats.xml.XmlValues;
import io.acu.formats.xml.XmlWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes ccmsetup.xml ({@link CcmSetupManifest}); see the package documentation for
 * the document shape.
 *
 * <p>Reading goes through {@link SafeXml} (no DOCTYPE, bounded) and checks every field; any
 * problem is a {@link MalformedDocumentException} naming the item, e.g.
 * {@code missing attribute FileHash on Item 2} (items are numbered from 1 in document order).
 *
 * <p>Writing is deterministic: UTF-8 without BOM, {@code <?xml version="1.0" encoding="utf-8"?>},
 * two-space indentation, LF line ends, attributes in the order shown in the package
 * documentation, {@code FileHash} upper-case, versions as their original text. Writing a parsed
 * manifest reproduces the ConfigMgr document byte for byte, comments aside.
 */
public final class CcmSetupXml {

    /** The root element's name. */
    public static final String ROOT = "CcmSetup";
    /** 1 MiB: real manifests are a few KiB. */
    public static final XmlLimits DEFAULT_LIMITS = XmlLimits.DEFAULT.withMaxBytes(1024 * 1024);

    private static final String ITEM = "Item";
    private static final String VERSION_PROPERTY = "Version";

    private CcmSetupXml() {
    }

    /**
     * Reads a manifest with {@link #DEFAULT_LIMITS}.
     *
     * @throws MalformedDocumentException if the document is unsafe, malformed or incomplete
     */
    public static CcmSetupManifest read(byte[] document) {
        return read(document, DEFAULT_LIMITS);
    }

    /**
     * Reads a manifest from a stream with {@link #DEFAULT_LIMITS}, refusing it as soon as it
     * passes {@link XmlLimits#maxBytes()}. The stream is not closed.
     *
     * @throws MalformedDocumentException if the document is too large, unsafe, malformed or incomplete
     * @throws IOException if reading fails
     */
    public static CcmSetupManifest read(InputStream in) throws IOException {
        return read(SafeXml.readBounded(in, DEFAULT_LIMITS.maxBytes()), DEFAULT_LIMITS);
    }

    /**
     * Reads a manifest with the given limits.
     *
     * @throws MalformedDocumentException if the document is unsafe, malformed or incomplete
     */
    public static CcmSetupManifest read(byte[] document, XmlLimits limits) {
        XmlElement root = SafeXml.parse(document, limits, ROOT);
        List<XmlElement> itemElements = root.children(ITEM);
        if (itemElements.isEmpty()) {
            throw new MalformedDocumentException(ROOT + " has no Item elements");
        }
        List<ManifestItem> items = new ArrayList<>();
        for (XmlElement element : itemElements) {
            String where = ITEM + " " + (items.size() + 1);
            ManifestItem item = readItem(element, where);
            if (items.stream().anyMatch(i -> i.isFor(item.fileName()))) {
                throw new MalformedDocumentException(where + ": duplicate FileName '" + item.fileName() + "'");
            }
            items.add(item);
        }
        return new CcmSetupManifest(
                XmlValues.value(root.requireAttribute("ClientVersion", ROOT), "ClientVersion", ROOT, Version::parse),
                XmlValues.value(root.requireAttribute("MinimumAssignableSiteVersion", ROOT),
                        "MinimumAssignableSiteVersion", ROOT, Version::parse),
                XmlValues.value(root.requireAttribute("PackageID", ROOT), "PackageID", ROOT, PackageId::parse),
                nonNegative(XmlValues.integer(root.requireAttribute("PackageVersion", ROOT), "PackageVersion", ROOT),
                        "PackageVersion", ROOT),
                items);
    }

    private static ManifestItem readItem(XmlElement item, String where) {
        XmlElement applicability = item.requireChild("Applicability", where);
        XmlElement discovery = item.requireChild("Discovery", where);
        XmlElement installation = item.requireChild("Installation", where);
        return new ManifestItem(
                item.requireAttribute("FileName", where),
                XmlValues.value(item.requireAttribute("FileHash", where), "FileHash", where, Sha256::parse),
                XmlValues.bool(item.requireAttribute("KeepAfterExit", where), "KeepAfterExit", where),
                new Applicability(
                        applicability.requireAttribute("Platform", where + " Applicability"),
                        applicability.requireAttribute("OS", where + " Applicability")),
                readDiscovery(discovery, where + " Discovery"),
                new Installation(
                        XmlValues.integer(installation.requireAttribute("Order", where + " Installation"), "Order", where),
                        installation.requireAttribute("InstallationType", where + " Installation"),
                        installation.attribute("OptionalParams").orElse(null)));
    }

    private static Discovery readDiscovery(XmlElement discovery, String where) {
        XmlElement property = discovery.requireChild("Property", where);
        String name = property.requireAttribute("Name", where + " Property");
        if (!VERSION_PROPERTY.equals(name)) {
            throw new MalformedDocumentException(where + ": Property Name '" + name + "' is not supported (expected "
                    + VERSION_PROPERTY + ")");
        }
        String symbol = property.requireAttribute("Operator", where + " Property");
        VersionOperator operator;
        try {
            operator = VersionOperator.fromSymbol(symbol);
        } catch (IllegalArgumentException e) {
            throw new MalformedDocumentException(where + ": Property Operator " + e.getMessage(), e);
        }
        return new Discovery(
                discovery.requireAttribute("Type", where),
                discovery.requireAttribute("Identifier", where),
                XmlValues.bool(discovery.requireAttribute("VerifyHash", where), "VerifyHash", where),
                new VersionRule(operator, XmlValues.value(property.text(), "Property", where, Version::parse)));
    }

    private static int nonNegative(int value, String field, String where) {
        if (value < 0) {
            throw new MalformedDocumentException(where + ": " + field + " " + value + " is negative");
        }
        return value;
    }

    /** Writes {@code manifest} as UTF-8 ccmsetup.xml; the same manifest always gives the same bytes. */
    public static byte[] write(CcmSetupManifest manifest) {
        XmlWriter xml = new XmlWriter("  ").declaration("utf-8")
                .start(ROOT)
                .attribute("ClientVersion", manifest.clientVersion().toString())
                .attribute("MinimumAssignableSiteVersion", manifest.minimumAssignableSiteVersion().toString())
                .attribute("PackageID", manifest.packageId().toString())
                .attribute("PackageVersion", Integer.toString(manifest.packageVersion()));
        for (ManifestItem item : manifest.items()) {
            xml.start(ITEM)
                    .attribute("FileName", item.fileName())
                    .attribute("FileHash", item.fileHash().hex())
                    .attribute("KeepAfterExit", Boolean.toString(item.keepAfterExit()));
            xml.start("Applicability")
                    .attribute("Platform", item.applicability().platform())
                    .attribute("OS", item.applicability().os())
                    .end();
            Discovery discovery = item.discovery();
            xml.start("Discovery")
                    .attribute("Type", discovery.type())
                    .attribute("Identifier", discovery.identifier())
                    .attribute("VerifyHash", Boolean.toString(discovery.verifyHash()));
            xml.start("Property")
                    .attribute("Name", VERSION_PROPERTY)
                    .attribute("Operator", discovery.versionRule().operator().symbol())
                    .text(discovery.versionRule().version().toString())
                    .end();
            xml.end();
            Installation installation = item.installation();
            xml.start("Installation")
                    .attribute("Order", Integer.toString(installation.order()))
                    .attribute("InstallationType", installation.installationType());
            if (installation.optionalParams() != null) {
                xml.attribute("OptionalParams", installation.optionalParams());
            }
            xml.end().end();
        }
        return xml.end().finish().getBytes(StandardCharsets.UTF_8);
    }
}

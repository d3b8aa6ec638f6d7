package io.acu.manifestbuilder.domain;

import io.acu.formats.ccmsetup.CcmSetupManifest;
import io.acu.formats.ccmsetup.CcmSetupXml;
import io.acu.formats.cab.CabinetEntry;
import io.acu.formats.cab.CabinetWriter;
import io.acu.formats.cab.Compression;
import java.util.List;

/**
 * How a manifest is packed for clients: ccmsetup.xml (deterministic bytes) as the only file of ccmsetup.cab,
 * MSZIP-compressed as makecab does by default, stamped with the MS-DOS epoch so the same manifest always gives
 * the same cabinet.
 */
public final class ManifestPackaging {

    /** The cabinet's file name in the package and on the source share. */
    public static final String CABINET_NAME = "ccmsetup.cab";
    /** The manifest's file name inside the cabinet. */
    public static final String MANIFEST_NAME = "ccmsetup.xml";

    private ManifestPackaging() {
    }

    /** ccmsetup.xml bytes of {@code manifest}. */
    public static byte[] manifestXml(CcmSetupManifest manifest) {
        return CcmSetupXml.write(manifest);
    }

    /** ccmsetup.cab holding {@code manifestXml}. */
    public static byte[] cabinet(byte[] manifestXml) {
        return CabinetWriter.write(List.of(CabinetEntry.of(MANIFEST_NAME, manifestXml)), Compression.MSZIP);
    }
}

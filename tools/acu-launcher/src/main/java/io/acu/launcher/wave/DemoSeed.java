package io.acu.launcher.wave;

import io.acu.formats.Sha256;
import io.acu.infra.InfraStartException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The seed's scenario as inputs: the site's client package CAS00006 at version 4 with the Endpoint
 * Protection installer {@code SCEPInstall.exe} 4.2.223.0, and hotfix KB2907566 bringing
 * {@code SCEPInstall.exe} 4.3.215.0. The two installers are small generated PE files whose
 * VS_VERSIONINFO carries those versions (built by
 * {@code services/manifest-builder/src/test/resources/pe/make-fixtures.sh}, committed).
 *
 * @param seedInstaller SCEPInstall.exe 4.2.223.0, as in the package before the hotfix
 * @param hotfixInstaller SCEPInstall.exe 4.3.215.0, the hotfix's file
 */
public record DemoSeed(byte[] seedInstaller, byte[] hotfixInstaller) {

    /** The client package the wave upgrades. */
    public static final String PACKAGE_ID = "CAS00006";
    /** The package version the site has before the hotfix. */
    public static final int SEED_VERSION = 4;
    /** The Endpoint Protection agent version every client reaches. */
    public static final String TARGET_SCEP_VERSION = "4.3.215.0";
    /** The installer's file name in the package and the hotfix. */
    public static final String INSTALLER = "SCEPInstall.exe";
    /** The hotfix metadata part of {@code POST /api/hotfixes}. */
    public static final String HOTFIX_METADATA = "{\"kbNumber\":\"KB2907566\",\"title\":\"System Center Endpoint Protection client 4.3.215.0\","
            + "\"packageId\":\"" + PACKAGE_ID + "\"}";

    /**
     * Reads the installers from the checkout.
     *
     * @throws InfraStartException when a file is missing (a partial checkout)
     */
    public static DemoSeed load(Path projectDir) {
        Path fixtures = projectDir.resolve("services/manifest-builder/src/test/resources/pe");
        try {
            return new DemoSeed(Files.readAllBytes(fixtures.resolve("SCEPInstall-4.2.223.0.exe")),
                    Files.readAllBytes(fixtures.resolve("SCEPInstall-4.3.215.0.exe")));
        } catch (IOException e) {
            throw new InfraStartException("the demo's installers are missing under " + fixtures + ": " + e.getMessage(), e);
        }
    }

    /** @return the SHA-256 of the hotfix's installer, as the new manifest must list it */
    public Sha256 hotfixHash() {
        return Sha256.compute(hotfixInstaller);
    }

    /**
     * The client install manifest (ccmsetup.xml) of CAS00006 v4 as the site has it before the hotfix:
     * the Endpoint Protection item with its hash and a Discovery version rule of 4.2.223.0.
     */
    public String seedManifest() {
        return """
                <?xml version="1.0" encoding="utf-8"?>
                <CcmSetup ClientVersion="5.00.7804.1000" MinimumAssignableSiteVersion="5.00.7783.1000" PackageID="%s" PackageVersion="%d">
                  <Item FileName="%s" FileHash="%s" KeepAfterExit="true">
                    <Applicability Platform="ALL" OS="ALL"/>
                    <Discovery Type="File" Identifier="%%windir%%\\ccmsetup\\SCEPInstall.exe" VerifyHash="true">
                      <Property Name="Version" Operator="&gt;=">4.2.223.0</Property>
                    </Discovery>
                    <Installation Order="17" InstallationType="NONE"/>
                  </Item>
                </CcmSetup>
                """.formatted(PACKAGE_ID, SEED_VERSION, INSTALLER, Sha256.compute(seedInstaller).hex());
    }
}

package io.acu.formats.ccmsetup;

import static io.acu.formats.Samples.CCMSETUP_AFTER;
import static io.acu.formats.Samples.CCMSETUP_BEFORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.formats.PackageId;
import io.acu.formats.Samples;
import io.acu.formats.Sha256;
import io.acu.formats.Version;
import io.acu.formats.xml.MalformedDocumentException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CcmSetupXmlTest {

    private static final String SCEP = "SCEPInstall.exe";

    @Test
    void readsTheManifestAfterTheScepHotfix() {
        CcmSetupManifest after = CcmSetupXml.read(Samples.bytes(CCMSETUP_AFTER));

        assertThat(after.clientVersion()).hasToString("5.00.7804.1000");
        assertThat(after.minimumAssignableSiteVersion()).isEqualTo(Version.parse("5.0.7783.1000"));
        assertThat(after.packageId()).isEqualTo(PackageId.parse("CAS00006"));
        assertThat(after.packageVersion()).isEqualTo(5);
        assertThat(after.items()).extracting(ManifestItem::fileName)
                .containsExactly("x64/MicrosoftPolicyPlatformSetup.msi", SCEP, "x64/client.msi");

        ManifestItem scep = after.item(SCEP).orElseThrow();
        assertThat(scep.fileHash()).hasToString("B0336B863EE0FEE92A309F1BF1F11B878236D45C60165AAF7A6ED48454262595");
        assertThat(scep.keepAfterExit()).isTrue();
        assertThat(scep.applicability()).isEqualTo(new Applicability("ALL", "ALL"));
        assertThat(scep.discovery().type()).isEqualTo("File");
        assertThat(scep.discovery().identifier()).isEqualTo("%windir%\\ccmsetup\\SCEPInstall.exe");
        assertThat(scep.discovery().verifyHash()).isTrue();
        assertThat(scep.discovery().versionRule())
                .isEqualTo(new VersionRule(VersionOperator.GREATER_OR_EQUAL, Version.parse("4.3.215.0")))
                .hasToString(">= 4.3.215.0");
        assertThat(scep.installation()).isEqualTo(new Installation(17, "NONE", null));

        ManifestItem policyPlatform = after.items().get(0);
        assertThat(policyPlatform.installation()).isEqualTo(new Installation(5, "MSI", "/qn"));
        assertThat(policyPlatform.applicability()).isEqualTo(new Applicability("X64", "ALL"));
        assertThat(policyPlatform.discovery().verifyHash()).isFalse();
        assertThat(policyPlatform.discovery().type()).isEqualTo("MsiProductCode");
        assertThat(policyPlatform.discovery().identifier()).isEqualTo("{8EC4C1C6-1C48-4B7C-8E2F-4E7A5B4D1A9C}");

        ManifestItem client = after.item("X64/CLIENT.MSI").orElseThrow();
        assertThat(client.fileHash()).isEqualTo(Sha256.parse("2f0819f959e788cf843f42e9ca7b44e258b8b4ba37bb63902db39acf747be7da"));
        assertThat(client.discovery().versionRule().version()).hasToString("5.00.7804.1000");
        assertThat(client.installation().order()).isEqualTo(20);
        assertThat(client.keepAfterExit()).isFalse();
    }

    @Test
    void readsTheManifestBeforeTheHotfix() {
        CcmSetupManifest before = CcmSetupXml.read(Samples.bytes(CCMSETUP_BEFORE));
        ManifestItem scep = before.item(SCEP).orElseThrow();
        assertThat(before.packageVersion()).isEqualTo(4);
        assertThat(scep.fileHash()).hasToString("EEBF8FBE6920D51B2728DE6303457F25DE302C1E3A5742ED175D281CAEC276BD");
        assertThat(scep.discovery().versionRule().version()).isEqualTo(Version.parse("4.2.223.0"));
    }

    @Test
    void writesTheSampleBackByteForByteApartFromItsComment() {
        for (String sample : List.of(CCMSETUP_BEFORE, CCMSETUP_AFTER)) {
            byte[] original = Samples.bytes(sample);
            byte[] written = CcmSetupXml.write(CcmSetupXml.read(original));
            assertThat(new String(written, StandardCharsets.UTF_8)).as(sample).isEqualTo(withoutComment(original));
        }
    }

    @Test
    void writeThenReadGivesEqualValuesAndWritingIsDeterministic() {
        CcmSetupManifest after = CcmSetupXml.read(Samples.bytes(CCMSETUP_AFTER));
        byte[] once = CcmSetupXml.write(after);
        assertThat(CcmSetupXml.read(once)).isEqualTo(after);
        assertThat(CcmSetupXml.write(CcmSetupXml.read(once))).isEqualTo(once);
    }

    @Test
    void writesHashesUpperCaseAndEscapesOperators() {
        CcmSetupManifest before = CcmSetupXml.read(Samples.bytes(CCMSETUP_BEFORE));
        ManifestItem scep = before.item(SCEP).orElseThrow();
        ManifestItem lowerHash = scep.withFile(Sha256.parse("b0336b863ee0fee92a309f1bf1f11b878236d45c60165aaf7a6ed48454262595"),
                Version.parse("4.3.215.0"));
        String xml = new String(CcmSetupXml.write(before.withItem(lowerHash)), StandardCharsets.UTF_8);
        assertThat(xml).contains("FileHash=\"B0336B863EE0FEE92A309F1BF1F11B878236D45C60165AAF7A6ED48454262595\"")
                .contains("Operator=\"&gt;=\">4.3.215.0</Property>");
    }

    @Test
    void diffShowsExactlyTheScepItemChanged() {
        CcmSetupManifest before = CcmSetupXml.read(Samples.bytes(CCMSETUP_BEFORE));
        CcmSetupManifest after = CcmSetupXml.read(Samples.bytes(CCMSETUP_AFTER));

        ManifestDiff diff = ManifestDiff.between(before, after);

        assertThat(diff.added()).isEmpty();
        assertThat(diff.removed()).isEmpty();
        assertThat(diff.changed()).containsExactly(after.item(SCEP).orElseThrow());
        assertThat(diff.isEmpty()).isFalse();
        assertThat(ManifestDiff.between(after, after).isEmpty()).isTrue();
    }

    @Test
    void rebuildingTheOldManifestForTheHotfixGivesTheNewOne() {
        CcmSetupManifest before = CcmSetupXml.read(Samples.bytes(CCMSETUP_BEFORE));
        ManifestItem hotfixed = before.item(SCEP).orElseThrow().withFile(
                Sha256.parse("B0336B863EE0FEE92A309F1BF1F11B878236D45C60165AAF7A6ED48454262595"), Version.parse("4.3.215.0"));

        CcmSetupManifest rebuilt = before.withItem(hotfixed).withPackageVersion(before.packageVersion() + 1);

        assertThat(rebuilt).isEqualTo(CcmSetupXml.read(Samples.bytes(CCMSETUP_AFTER)));
        assertThat(new String(CcmSetupXml.write(rebuilt), StandardCharsets.UTF_8))
                .isEqualTo(withoutComment(Samples.bytes(CCMSETUP_AFTER)));
    }

    @Test
    void withItemAppendsANewFileAndDiffReportsItAddedOrRemoved() {
        CcmSetupManifest after = CcmSetupXml.read(Samples.bytes(CCMSETUP_AFTER));
        ManifestItem extra = new ManifestItem("x64/WindowsFirewallConfigurationProvider.msi", Sha256.compute(new byte[0]),
                false, new Applicability("X64", "ALL"),
                new Discovery("MsiProductCode", "{1}", false, new VersionRule(VersionOperator.GREATER_OR_EQUAL, Version.parse("1.0"))),
                new Installation(10, "MSI", null));
        CcmSetupManifest bigger = after.withItem(extra).withClientVersion(Version.parse("5.00.7804.1100"));

        assertThat(bigger.items()).hasSize(4).last().isEqualTo(extra);
        assertThat(bigger.clientVersion()).hasToString("5.00.7804.1100");
        assertThat(bigger.itemsInInstallOrder()).extracting(i -> i.installation().order()).containsExactly(5, 10, 17, 20);
        assertThat(ManifestDiff.between(after, bigger).added()).containsExactly(extra);
        assertThat(ManifestDiff.between(bigger, after).removed()).containsExactly(extra);
        assertThat(CcmSetupXml.read(CcmSetupXml.write(bigger))).isEqualTo(bigger);
    }

    @Test
    void readsFromAStreamWithinTheLimit() throws Exception {
        CcmSetupManifest after = CcmSetupXml.read(new ByteArrayInputStream(Samples.bytes(CCMSETUP_AFTER)));
        assertThat(after.packageVersion()).isEqualTo(5);

        byte[] padded = ("<CcmSetup>" + " ".repeat(1024 * 1024) + "</CcmSetup>").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CcmSetupXml.read(new ByteArrayInputStream(padded)))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessage("document exceeds 1048576 bytes");
    }

    @Test
    void refusesADoctype() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE CcmSetup [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<CcmSetup ClientVersion=\"&x;\"/>";
        assertThatThrownBy(() -> read(xxe)).isInstanceOf(MalformedDocumentException.class).hasMessage("DOCTYPE not allowed");
    }

    @Test
    void refusesAWrongRoot() {
        assertThatThrownBy(() -> CcmSetupXml.read(Samples.bytes(Samples.FSP_SUCCEEDED)))
                .hasMessage("root element is 'Report', expected 'CcmSetup'");
    }

    @Test
    void namesTheItemAndFieldOfEveryProblem() {
        String after = new String(Samples.bytes(CCMSETUP_AFTER), StandardCharsets.UTF_8);
        String scepHash = "FileHash=\"B0336B863EE0FEE92A309F1BF1F11B878236D45C60165AAF7A6ED48454262595\"";

        assertRefused(after.replace(scepHash, ""), "missing attribute FileHash on Item 2");
        assertRefused(after.replace(scepHash, "FileHash=\"B0336B86\""),
                "Item 2: FileHash 'B0336B86' is not a SHA-256 hash: expected 64 hex digits, got 8 characters");
        assertRefused(after.replace(">4.3.215.0<", ">4.3.x<"),
                "Item 2 Discovery: Property '4.3.x' is not a version: part 3 'x' is not a non-negative number");
        assertRefused(after.replace("Operator=\"&gt;=\">4.3.215.0", "Operator=\"~\">4.3.215.0"),
                "Item 2 Discovery: Property Operator '~' is not one of >= > = <= < !=");
        assertRefused(after.replace("Name=\"Version\" Operator=\"&gt;=\">4.3.215.0", "Name=\"Size\" Operator=\"&gt;=\">4.3.215.0"),
                "Item 2 Discovery: Property Name 'Size' is not supported (expected Version)");
        assertRefused(after.replace("Order=\"17\"", "Order=\"seventeen\""),
                "Item 2: Order 'seventeen' is not a number: expected a decimal integer");
        assertRefused(after.replace("KeepAfterExit=\"true\"", "KeepAfterExit=\"yes\""),
                "Item 2: KeepAfterExit 'yes' is not a boolean: expected true, false, 1 or 0");
        assertRefused(after.replace("VerifyHash=\"true\"", ""), "missing attribute VerifyHash on Item 2 Discovery");
        assertRefused(after.replace("<Installation Order=\"17\" InstallationType=\"NONE\"/>", ""),
                "missing element Installation in Item 2");
        assertRefused(after.replace("Platform=\"ALL\" ", ""), "missing attribute Platform on Item 2 Applicability");
        assertRefused(after.replace("PackageID=\"CAS00006\"", "PackageID=\"CAS-6\""),
                "CcmSetup: PackageID 'CAS-6' is not a package ID: expected 8 characters (3-character site code + 5 hex digits), got 5");
        assertRefused(after.replace("PackageVersion=\"5\"", "PackageVersion=\"-5\""), "CcmSetup: PackageVersion -5 is negative");
        assertRefused(after.replace(" ClientVersion=\"5.00.7804.1000\"", ""), "missing attribute ClientVersion on CcmSetup");
        assertRefused(after.replace("FileName=\"SCEPInstall.exe\"", "FileName=\"X64/Client.msi\""),
                "Item 3: duplicate FileName 'x64/client.msi'");
        assertRefused("<CcmSetup ClientVersion=\"5.0\" MinimumAssignableSiteVersion=\"5.0\" PackageID=\"CAS00006\" PackageVersion=\"1\"/>",
                "CcmSetup has no Item elements");
    }

    @Test
    void modelRejectsInvalidManifests() {
        CcmSetupManifest after = CcmSetupXml.read(Samples.bytes(CCMSETUP_AFTER));
        assertThatThrownBy(() -> new CcmSetupManifest(after.clientVersion(), after.minimumAssignableSiteVersion(),
                after.packageId(), 1, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> after.withPackageVersion(-1)).isInstanceOf(IllegalArgumentException.class);
        ManifestItem item = after.items().get(0);
        assertThatThrownBy(() -> new CcmSetupManifest(after.clientVersion(), after.minimumAssignableSiteVersion(),
                after.packageId(), 1, List.of(item, item))).hasMessage("duplicate item FileName 'x64/MicrosoftPolicyPlatformSetup.msi'");
        assertThatThrownBy(() -> after.items().add(item)).isInstanceOf(UnsupportedOperationException.class);
    }

    private static void assertRefused(String document, String reason) {
        assertThatThrownBy(() -> read(document)).isInstanceOf(MalformedDocumentException.class).hasMessage(reason);
    }

    private static CcmSetupManifest read(String document) {
        return CcmSetupXml.read(document.getBytes(StandardCharsets.UTF_8));
    }

    /** The sample minus its leading {@code <!-- acu sample ... -->} comment lines. */
    private static String withoutComment(byte[] sample) {
        return new String(sample, StandardCharsets.UTF_8).replaceFirst("(?s)<!--.*?-->\n", "");
    }
}

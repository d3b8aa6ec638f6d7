package io.acu.formats.ccmsetup;

import static io.acu.formats.ccmsetup.ItemRequirement.Reason.HASH_MISMATCH;
import static io.acu.formats.ccmsetup.ItemRequirement.Reason.MISSING;
import static io.acu.formats.ccmsetup.ItemRequirement.Reason.NOT_NEEDED;
import static io.acu.formats.ccmsetup.ItemRequirement.Reason.VERSION_RULE_FAILED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.formats.Samples;
import io.acu.formats.Sha256;
import io.acu.formats.Version;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ItemRequirementTest {

    private static final CcmSetupManifest BEFORE = CcmSetupXml.read(Samples.bytes(Samples.CCMSETUP_BEFORE));
    private static final CcmSetupManifest AFTER = CcmSetupXml.read(Samples.bytes(Samples.CCMSETUP_AFTER));
    private static final ManifestItem SCEP_AFTER = AFTER.item("SCEPInstall.exe").orElseThrow();
    private static final Sha256 SCEP_OLD_HASH = BEFORE.item("SCEPInstall.exe").orElseThrow().fileHash();
    private static final Sha256 SCEP_4_2_223_1_HASH = Sha256.compute("SCEPInstall.exe 4.2.223.1".getBytes());

    @Test
    void scepOnAnOlderBuildNeedsTheHotfix() {
        ItemRequirement requirement = ItemRequirement.evaluate(SCEP_AFTER,
                InstalledItem.present(SCEP_4_2_223_1_HASH, Version.parse("4.2.223.1")));
        assertThat(requirement.needed()).isTrue();
        assertThat(requirement.reason()).isEqualTo(HASH_MISMATCH);
        assertThat(requirement.item()).isEqualTo(SCEP_AFTER);
        assertThat(requirement.detail()).isEqualTo("installed hash " + SCEP_4_2_223_1_HASH
                + " differs from B0336B863EE0FEE92A309F1BF1F11B878236D45C60165AAF7A6ED48454262595");
    }

    @Test
    void missingFileIsNeeded() {
        ItemRequirement requirement = ItemRequirement.evaluate(SCEP_AFTER, InstalledItem.missing());
        assertThat(requirement.reason()).isEqualTo(MISSING);
        assertThat(requirement.needed()).isTrue();
        assertThat(requirement.detail()).isEqualTo("SCEPInstall.exe is not installed");
    }

    @Test
    void hashIsComparedCaseInsensitively() {
        Sha256 lower = Sha256.parse(SCEP_AFTER.fileHash().hex().toLowerCase());
        ItemRequirement requirement = ItemRequirement.evaluate(SCEP_AFTER, InstalledItem.present(lower, Version.parse("4.3.0215.0000")));
        assertThat(requirement.reason()).isEqualTo(NOT_NEEDED);
        assertThat(requirement.needed()).isFalse();
        assertThat(requirement.detail()).isEqualTo("installed version 4.3.0215.0000 satisfies >= 4.3.215.0");
    }

    @Test
    void matchingHashButFailingVersionIsNeeded() {
        // A file whose hash is right but whose reported version is old: the version rule still applies.
        ItemRequirement requirement = ItemRequirement.evaluate(SCEP_AFTER,
                InstalledItem.present(SCEP_AFTER.fileHash(), Version.parse("4.2.223.1")));
        assertThat(requirement.reason()).isEqualTo(VERSION_RULE_FAILED);
        assertThat(requirement.detail()).isEqualTo("installed version 4.2.223.1 fails >= 4.3.215.0");
    }

    @Test
    void hashIsIgnoredWhenDiscoveryDoesNotVerifyIt() {
        ManifestItem client = AFTER.item("x64/client.msi").orElseThrow();
        assertThat(client.discovery().verifyHash()).isFalse();
        assertThat(ItemRequirement.evaluate(client, InstalledItem.present(SCEP_OLD_HASH, Version.parse("5.00.7804.1000"))).reason())
                .isEqualTo(NOT_NEEDED);
        assertThat(ItemRequirement.evaluate(client, InstalledItem.present(SCEP_OLD_HASH, Version.parse("5.00.7711.0"))).reason())
                .isEqualTo(VERSION_RULE_FAILED);
    }

    @Test
    void aClientUpToDateBeforeTheHotfixNeedsOnlyScepInInstallOrder() {
        List<ItemRequirement> requirements = ItemRequirement.evaluateAll(AFTER, item -> {
            ManifestItem installed = BEFORE.item(item.fileName()).orElseThrow();
            return InstalledItem.present(installed.fileHash(), installed.discovery().versionRule().version());
        });
        assertThat(requirements).extracting(r -> r.item().installation().order()).containsExactly(5, 17, 20);
        assertThat(requirements).filteredOn(ItemRequirement::needed).extracting(r -> r.item().fileName())
                .containsExactly("SCEPInstall.exe");
    }

    @Test
    void aNewClientNeedsEverything() {
        assertThat(ItemRequirement.evaluateAll(AFTER, item -> InstalledItem.missing()))
                .extracting(ItemRequirement::reason).containsOnly(MISSING).hasSize(3);
        assertThatThrownBy(() -> ItemRequirement.evaluateAll(AFTER, item -> null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            "4.3.215.0, >=, 4.3.215.0, true",
            "4.3.215.1, >=, 4.3.215.0, true",
            "4.2.223.1, >=, 4.3.215.0, false",
            "4.3.215.0, >,  4.3.215.0, false",
            "4.3.215.1, >,  4.3.215.0, true",
            "4.3.0215,  =,  4.3.215.0, true",
            "4.3.215.1, =,  4.3.215.0, false",
            "4.3.215.0, <=, 4.3.215.0, true",
            "4.3.215.1, <=, 4.3.215.0, false",
            "4.2.223.0, <,  4.3.215.0, true",
            "4.3.215.0, <,  4.3.215.0, false",
            "4.3.215.1, !=, 4.3.215.0, true",
            "4.3.215,   !=, 4.3.215.0, false",
    })
    void versionRuleOperators(String installed, String operator, String required, boolean satisfied) {
        VersionRule rule = new VersionRule(VersionOperator.fromSymbol(operator), Version.parse(required));
        assertThat(rule.isSatisfiedBy(Version.parse(installed))).isEqualTo(satisfied);
        assertThat(rule.operator().symbol()).isEqualTo(operator);
    }

    @Test
    void unknownOperatorSymbol() {
        assertThatThrownBy(() -> VersionOperator.fromSymbol("=>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'=>' is not one of >= > = <= < !=");
    }
}

package io.acu.fleetsim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.contracts.ClientUpgradePolicy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceJsonTest {

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void contentLocationsPreferTheBoundaryGroupsOwnDistributionPoint() {
        ServiceJson.ContentLocations answer = ServiceJson.contentLocations(json("""
                {"packageId":"CAS00006","packageVersion":5,"boundaryGroup":"BG-HQ","locations":[
                 {"distributionPoint":"dp02","url":"http://127.0.0.1:8083/SMS_DP_SMSPKG$/CAS00006.5/","fallback":true},
                 {"distributionPoint":"dp01","url":"http://127.0.0.1:8082/SMS_DP_SMSPKG$/CAS00006.5","fallback":false,"extra":1}]}
                """));
        assertThat(answer.packageVersion()).isEqualTo(5);
        assertThat(answer.boundaryGroup()).isEqualTo("BG-HQ");
        // A folder URL without its trailing slash gets one: file names are appended to it.
        assertThat(answer.preferred()).contains(new ServiceJson.ContentLocation("dp01", "http://127.0.0.1:8082/SMS_DP_SMSPKG$/CAS00006.5/", false));

        ServiceJson.ContentLocations fallbackOnly = ServiceJson.contentLocations(json("""
                {"packageId":"CAS00006","packageVersion":5,"boundaryGroup":"BG-Branch","locations":[
                 {"distributionPoint":"dp01","url":"http://dp01/SMS_DP_SMSPKG$/CAS00006.5/","fallback":true}]}
                """));
        assertThat(fallbackOnly.preferred()).map(ServiceJson.ContentLocation::distributionPoint).contains("dp01");
        assertThat(ServiceJson.contentLocations(json("""
                {"packageId":"CAS00006","packageVersion":5,"boundaryGroup":"BG-X","locations":[]}""")).preferred()).isEmpty();
    }

    @Test
    void clientPolicyMapsToTheContractsUpgradePolicy() {
        ServiceJson.SitePolicy policy = ServiceJson.sitePolicy(json("""
                {"packageId":"CAS00006","packageVersion":5,"clientUpgrade":{"enabled":true,"advertisementDurationDays":7,
                 "excludedClientIds":["GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42"],"overrideMaintenanceWindows":false}}
                """));
        assertThat(policy.packageId()).isEqualTo("CAS00006");
        assertThat(policy.packageVersion()).isEqualTo(5);
        assertThat(policy.clientUpgrade()).isEqualTo(new ClientUpgradePolicy(true, 7, List.of("GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42"), false));
    }

    @Test
    void aMissingOrMistypedFieldIsNamed() {
        assertThatThrownBy(() -> ServiceJson.sitePolicy(json("""
                {"packageId":"CAS00006","packageVersion":5,"clientUpgrade":{"enabled":"yes","advertisementDurationDays":7,"overrideMaintenanceWindows":false}}
                """))).hasMessage("client policy: clientUpgrade.enabled is missing or not a boolean");
        assertThatThrownBy(() -> ServiceJson.sitePolicy(json("{\"packageId\":\"CAS00006\",\"packageVersion\":5}")))
                .hasMessage("client policy: 'clientUpgrade' is missing or not an object");
        assertThatThrownBy(() -> ServiceJson.sitePolicy(json("""
                {"packageId":"CAS00006","packageVersion":5,"clientUpgrade":{"enabled":true,"advertisementDurationDays":0,"overrideMaintenanceWindows":false}}
                """))).hasMessageContaining("advertisementDurationDays");
        assertThatThrownBy(() -> ServiceJson.contentLocations(json("{\"packageId\":\"CAS00006\"}")))
                .hasMessage("content locations: 'locations' is not an array");
        assertThatThrownBy(() -> ServiceJson.contentLocations(json("<html/>"))).hasMessageStartingWith("content locations: not JSON");
    }

    @Test
    void packageVersionGivesTheCabSignatureAndThePreviousVersion() {
        ServiceJson.PackageVersionInfo version = ServiceJson.packageVersion(json("""
                {"packageId":"CAS00006","packageVersion":5,"previousVersion":4,"clientVersion":"5.00.7804.1000","cabSignature":"MEUCIQ==",
                 "signatureAlgorithm":"SHA256withECDSA","items":[]}
                """));
        assertThat(version.previousVersion()).contains(4);
        assertThat(version.cabSignature()).isEqualTo(new CabinetSignature("MEUCIQ==", "SHA256withECDSA"));
        // An imported first version has no previous one (the field is left out).
        assertThat(ServiceJson.packageVersion(json("""
                {"packageId":"CAS00006","packageVersion":4,"cabSignature":"MEUCIQ==","signatureAlgorithm":"SHA256withECDSA"}
                """)).previousVersion()).isEmpty();
    }

    @Test
    void aProblemsDetailIsTheReason() {
        assertThat(ServiceJson.problemReason(json("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"Report: no Machine\"}")))
                .isEqualTo("Report: no Machine");
        assertThat(ServiceJson.problemReason(json("{\"title\":\"Too Many Requests\",\"status\":429}"))).isEqualTo("Too Many Requests");
        assertThat(ServiceJson.problemReason(json("  upstream\n timed out "))).isEqualTo("upstream timed out");
        assertThat(ServiceJson.problemReason(new byte[0])).isEqualTo("(no reason given)");
    }
}

package io.acu.fleetsim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.fleetsim.domain.ClientPolicy;
import io.acu.fleetsim.domain.DownloadGrant;
import java.time.Instant;
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
    void rolloutsClientPolicyMapsToTheDomainPolicy() {
        ClientPolicy policy = ServiceJson.clientPolicy(json("""
                {"packageId":"CAS00006","clientId":"GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42","offeredVersion":5,"candidateVersion":5,"ring":"early",
                 "rolloutStatus":"RUNNING","halted":false,"excluded":false,"enabled":true,"advertisementDurationDays":7,
                 "overrideMaintenanceWindows":false,"reason":null}
                """));
        assertThat(policy).isEqualTo(new ClientPolicy("CAS00006", 5, 5, "early", "RUNNING", false, false, true, 7, false, null));
        assertThat(policy.offers(5)).isTrue();
        assertThat(policy.downloadsAllowed()).isTrue();
        ClientPolicy waiting = ServiceJson.clientPolicy(json("""
                {"packageId":"CAS00006","offeredVersion":4,"candidateVersion":5,"ring":"broad","rolloutStatus":"HALTED","halted":true,
                 "excluded":false,"enabled":true,"advertisementDurationDays":7,"overrideMaintenanceWindows":false,
                 "reason":"the rollout is HALTED: 6 of 10 reported clients failed"}
                """));
        assertThat(waiting.offers(5)).isFalse();
        assertThat(waiting.downloadsAllowed()).isFalse();
        assertThat(waiting.reason()).startsWith("the rollout is HALTED");
    }

    @Test
    void aGrantCarriesItsDistributionPointAndExpiry() {
        assertThat(ServiceJson.grant(json("""
                {"packageId":"CAS00006","packageVersion":5,"clientId":"GUID:X","distributionPoint":"dp02","expiresAt":"2026-12-01T10:00:00Z"}
                """))).isEqualTo(new DownloadGrant.Granted("dp02", Instant.parse("2026-12-01T10:00:00Z")));
        assertThatThrownBy(() -> ServiceJson.grant(json("{\"distributionPoint\":\"dp02\",\"expiresAt\":\"tomorrow\"}")))
                .hasMessageContaining("expiresAt is not an ISO-8601 instant");
    }

    @Test
    void aMissingOrMistypedFieldIsNamed() {
        assertThatThrownBy(() -> ServiceJson.clientPolicy(json("""
                {"packageId":"CAS00006","offeredVersion":5,"halted":"no","excluded":false,"enabled":true,"advertisementDurationDays":7,
                 "overrideMaintenanceWindows":false}
                """))).hasMessage("client policy: halted is missing or not a boolean");
        assertThatThrownBy(() -> ServiceJson.clientPolicy(json("""
                {"packageId":"CAS00006","offeredVersion":"5","halted":false,"excluded":false,"enabled":true,"advertisementDurationDays":7,
                 "overrideMaintenanceWindows":false}
                """))).hasMessage("client policy: offeredVersion is missing or not an integer");
        assertThat(ServiceJson.newestVersion(json("[{\"packageVersion\":5},{\"packageVersion\":4}]"))).isEqualTo(5);
        assertThatThrownBy(() -> ServiceJson.newestVersion(json("[]"))).hasMessageContaining("not a non-empty array");
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

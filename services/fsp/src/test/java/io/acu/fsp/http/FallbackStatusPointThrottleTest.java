package io.acu.fsp.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.acu.infra.quarkus.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The throttle as configured: a client over its budget gets 429 with Retry-After, and the count shows in the metrics. */
@QuarkusTest
@TestProfile(FallbackStatusPointThrottleTest.TwoPerClient.class)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
class FallbackStatusPointThrottleTest {

    /** Two messages per client per hour; the global budget as ConfigMgr's default. */
    public static class TwoPerClient implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("acu.fsp.per-client.count", "2", "acu.fsp.per-client.interval", "3600s",
                    "acu.fsp.global.count", "10000", "acu.fsp.global.interval", "3600s");
        }
    }

    @Test
    void aClientOverItsBudgetIsToldWhenToComeBack() {
        String client = FallbackStatusPointRouteTest.newClient();
        String report = FallbackStatusPointRouteTest.sample("fsp-client-deployment-succeeded.xml")
                .replace(FallbackStatusPointRouteTest.SAMPLE_CLIENT, client);
        given().contentType("text/xml").body(report).post(FallbackStatusPointRouteTest.PATH).then().statusCode(202);
        given().contentType("text/xml").body(report).post(FallbackStatusPointRouteTest.PATH).then().statusCode(202);
        long secondsLeftInHour = 3600 - (System.currentTimeMillis() / 1000) % 3600;
        var refused = given().contentType("text/xml").body(report).post(FallbackStatusPointRouteTest.PATH).then().statusCode(429)
                .contentType("application/problem+json")
                .body("detail", containsString("client " + client + " has used its 2 state messages per 3600 s"))
                .extract();
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        org.assertj.core.api.Assertions.assertThat(retryAfter).isBetween(secondsLeftInHour - 5, secondsLeftInHour);
        // Another client is not affected.
        given().contentType("text/xml").body(report.replace(client, FallbackStatusPointRouteTest.newClient()))
                .post(FallbackStatusPointRouteTest.PATH).then().statusCode(202);
        given().get("/q/metrics").then().body(containsString("acu_intake_requests_refused_total{intake=\"fsp\",status=\"429\"} 1.0"));
        given().get("/q/openapi").then().body(containsString("/SMS_FSP/.sms_fsp"));
        given().get("/q/health/ready").then().body("status", equalTo("UP"));
    }
}

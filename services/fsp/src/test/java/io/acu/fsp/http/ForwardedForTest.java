package io.acu.fsp.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.acu.infra.quarkus.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behind the ingress (here: the test client on 127.0.0.1, configured as a trusted proxy) the per-address throttle
 * counts the client named by {@code X-Forwarded-For}, not the proxy; a client cannot escape its budget by forging
 * the header, since the right-most untrusted address is the one the proxy saw.
 */
@QuarkusTest
@TestProfile(ForwardedForTest.BehindAProxy.class)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
class ForwardedForTest {

    /** One message per address per hour; the other budgets off; 127.0.0.1 is the ingress. */
    public static class BehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("acu.fsp.trusted-proxies", "127.0.0.1/32,::1", "acu.fsp.per-address.count", "1",
                    "acu.fsp.per-address.interval", "3600s", "acu.fsp.per-client.count", "0", "acu.fsp.global.count", "0");
        }
    }

    @Test
    void thePerAddressBudgetIsTheForwardedClientsNotTheProxys() {
        post("198.51.100.1").statusCode(202);
        post("198.51.100.1").statusCode(429).body("detail", containsString("address 198.51.100.1 has used its 1 state messages per 3600 s"));
        // Another client behind the same proxy has its own budget.
        post("198.51.100.2").statusCode(202);
        // A forged left-most entry changes nothing: the proxy appended the address it saw.
        post("203.0.113.50, 198.51.100.1").statusCode(429).body("detail", containsString("address 198.51.100.1"));
    }

    private static io.restassured.response.ValidatableResponse post(String forwardedFor) {
        String report = FallbackStatusPointRouteTest.sample("fsp-client-deployment-succeeded.xml")
                .replace(FallbackStatusPointRouteTest.SAMPLE_CLIENT, FallbackStatusPointRouteTest.newClient());
        return given().header("X-Forwarded-For", forwardedFor).contentType("text/xml").body(report)
                .post(FallbackStatusPointRouteTest.PATH).then();
    }
}

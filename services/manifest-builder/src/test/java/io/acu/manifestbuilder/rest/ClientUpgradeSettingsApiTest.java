package io.acu.manifestbuilder.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.acu.contracts.EventJson;
import io.acu.contracts.ManifestUpdated;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.manifestbuilder.support.Api;
import io.acu.manifestbuilder.support.Fixtures;
import io.acu.manifestbuilder.support.JwtTestResource;
import io.acu.manifestbuilder.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site's automatic client upgrade settings against the real broker and database: initialised from
 * {@code acu.client-upgrade.*} (the %test values), set through the admin API with ConfigMgr's rules, served as
 * client policy, and carried by the ManifestUpdated of the next hotfix.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(JwtTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientUpgradeSettingsApiTest {

    private static final String SETTINGS = "/api/settings/client-upgrade";
    private static final String CLIENT_A = "GUID:0C7D1E2F-3A4B-4C5D-8E6F-7A8B9C0D1E2F";
    private static final String CLIENT_B = "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ISO_INSTANT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z";

    @TempDir
    Path dir;

    @Test
    @Order(1)
    void theFirstStartStoredTheConfiguredSettings() {
        // %test.acu.client-upgrade.*: 5 days, CLIENT_B twice (once lower-case); enabled and override from the defaults.
        given().auth().oauth2(Tokens.admin()).get(SETTINGS).then().statusCode(200)
                .body("enabled", equalTo(true)).body("advertisementDurationDays", equalTo(5))
                .body("excludedClientIds", contains(CLIENT_B)).body("overrideMaintenanceWindows", equalTo(false))
                .body("updatedAt", matchesPattern(ISO_INSTANT));
    }

    @Test
    @Order(2)
    void storedSettingsRoundTripAndReachClientPolicy() {
        String pkg = "CUS00001";
        Api.importPackage(pkg);

        String put = "{\"enabled\":false,\"advertisementDurationDays\":14,\"excludedClientIds\":[\"" + CLIENT_B.toLowerCase(Locale.ROOT)
                + "\",\"" + CLIENT_A + "\",\"" + CLIENT_B + "\"],\"overrideMaintenanceWindows\":true}";
        Map<String, Object> stored = put(put).statusCode(200)
                .body("enabled", equalTo(false)).body("advertisementDurationDays", equalTo(14))
                .body("excludedClientIds", contains(CLIENT_A, CLIENT_B)).body("overrideMaintenanceWindows", equalTo(true))
                .body("updatedAt", matchesPattern(ISO_INSTANT))
                .extract().jsonPath().getMap("");
        Map<String, Object> read = given().auth().oauth2(Tokens.admin()).get(SETTINGS).then().statusCode(200)
                .extract().jsonPath().getMap("");
        assertThat(read).isEqualTo(stored);

        // Clients read it without credentials, with the package's current version.
        given().get("/api/client-policy/" + pkg).then().statusCode(200)
                .body("packageId", equalTo(pkg)).body("packageVersion", equalTo(4))
                .body("clientUpgrade.enabled", equalTo(false)).body("clientUpgrade.advertisementDurationDays", equalTo(14))
                .body("clientUpgrade.excludedClientIds", contains(CLIENT_A, CLIENT_B))
                .body("clientUpgrade.overrideMaintenanceWindows", equalTo(true));

        Api.hotfix(Api.metadata(pkg)).multiPart("file", Api.file(Fixtures.SCEP_V5, dir, "SCEPInstall.exe").toFile())
                .post("/api/hotfixes").then().statusCode(201).body("packageVersion", equalTo(5));

        given().get("/api/client-policy/" + pkg.toLowerCase(Locale.ROOT)).then().statusCode(200)
                .body("packageId", equalTo(pkg)).body("packageVersion", equalTo(5));

        // Sending back what GET returned (with its read-only updatedAt) is accepted; an empty list clears the exclusions.
        put("{\"enabled\":true,\"advertisementDurationDays\":7,\"excludedClientIds\":[],\"overrideMaintenanceWindows\":false,"
                + "\"updatedAt\":\"" + read.get("updatedAt") + "\"}").statusCode(200)
                .body("excludedClientIds", empty()).body("advertisementDurationDays", equalTo(7));
        given().get("/api/client-policy/" + pkg).then().statusCode(200).body("clientUpgrade.excludedClientIds", empty())
                .body("clientUpgrade.enabled", equalTo(true));
    }

    @Test
    @Order(3)
    void anExclusionListOfOneHundredThousandClientsIsStoredAndOneMoreIsRefused() throws Exception {
        List<String> ids = IntStream.range(0, 100_000).mapToObj(i -> String.format(Locale.ROOT, "GUID:00000000-0000-4000-8000-%012X", i)).toList();
        String body = settingsJson(true, 7, ids, false);
        // Timed with the JDK client: REST Assured's own handling of a 4 MB body would dominate the figures.
        long started = System.nanoTime();
        HttpResponse<String> put = HTTP.send(request(SETTINGS).header("Authorization", "Bearer " + Tokens.admin())
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        System.out.printf("PUT of 100,000 excluded client IDs (%d KB): %d ms%n", body.length() / 1024, (System.nanoTime() - started) / 1_000_000);
        assertThat(put.statusCode()).isEqualTo(200);
        String stored = put.body();
        assertThat(JSON.readTree(stored).get("excludedClientIds")).hasSize(100_000);
        // The first read after the change loads the list; the next ones reuse it while the revision stays.
        for (String read : List.of("first", "second", "third")) {
            started = System.nanoTime();
            HttpResponse<String> policy = HTTP.send(request("/api/client-policy/SEE0000F").GET().build(), HttpResponse.BodyHandlers.ofString());
            System.out.printf("GET client policy with 100,000 excluded client IDs, %s read: %d ms%n", read, (System.nanoTime() - started) / 1_000_000);
            assertThat(policy.statusCode()).isEqualTo(200);
            List<String> excluded = JSON.convertValue(JSON.readTree(policy.body()).at("/clientUpgrade/excludedClientIds"),
                    JSON.getTypeFactory().constructCollectionType(List.class, String.class));
            assertThat(excluded).isEqualTo(ids);
        }

        List<String> tooMany = new java.util.ArrayList<>(ids);
        tooMany.add("GUID:00000000-0000-4000-8000-FFFFFFFFFFFF");
        put(settingsJson(false, 3, tooMany, true)).statusCode(422).contentType(Problems.MEDIA_TYPE)
                .body("detail", equalTo("excludedClientIds holds more than 100000 distinct client IDs"));
        // Nothing of the refused change is stored.
        assertThat(JSON.readTree(given().auth().oauth2(Tokens.admin()).get(SETTINGS).then().statusCode(200).extract().asString()))
                .isEqualTo(JSON.readTree(stored));

        put(settingsJson(true, 7, List.of(), false)).statusCode(200).body("excludedClientIds", empty());
    }

    @Test
    @Order(4)
    void badSettingsAreRefusedWithTheReasonAndChangeNothing() {
        Map<String, Object> before = given().auth().oauth2(Tokens.admin()).get(SETTINGS).then().statusCode(200).extract().jsonPath().getMap("");
        String a = "\"excludedClientIds\":[\"" + CLIENT_A + "\"]";

        problem(put("{\"enabled\":true,\"advertisementDurationDays\":0," + a + ",\"overrideMaintenanceWindows\":false}"), 422,
                "advertisementDurationDays must be between 1 and 31, was 0");
        problem(put("{\"enabled\":true,\"advertisementDurationDays\":32," + a + ",\"overrideMaintenanceWindows\":false}"), 422,
                "advertisementDurationDays must be between 1 and 31, was 32");
        problem(put("{\"enabled\":true,\"advertisementDurationDays\":7,\"excludedClientIds\":[\"" + CLIENT_A + "\",\"WORKSTATION-17\"],"
                + "\"overrideMaintenanceWindows\":false}"), 422,
                "excludedClientIds[1] 'WORKSTATION-17' is not a client ID; expected GUID:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hex digits)");
        problem(put("{\"enabled\":true,\"advertisementDurationDays\":7,\"excludedClientIds\":[null],\"overrideMaintenanceWindows\":false}"),
                422, "excludedClientIds[0] is null");

        problem(put("{\"enabled\":true,\"advertisementDurationDays\":7," + a + ",\"overrideMaintenanceWindows\":false,\"collection\":\"x\"}"),
                400, "unknown field 'collection'; the fields are enabled, advertisementDurationDays, excludedClientIds, overrideMaintenanceWindows");
        problem(put("{\"advertisementDurationDays\":7," + a + ",\"overrideMaintenanceWindows\":false}"), 400, "enabled is required");
        problem(put("{\"enabled\":true,\"advertisementDurationDays\":7,\"overrideMaintenanceWindows\":false}"), 400,
                "excludedClientIds is required");
        problem(put("{\"enabled\":true,\"advertisementDurationDays\":null," + a + ",\"overrideMaintenanceWindows\":false}"), 400,
                "advertisementDurationDays is required");
        put("{\"enabled\":true,\"advertisementDurationDays\":\"7\"," + a + ",\"overrideMaintenanceWindows\":false}").statusCode(400)
                .contentType(Problems.MEDIA_TYPE).body("detail", org.hamcrest.Matchers.startsWith("the body is not the settings JSON: "));
        put("{\"enabled\":true,\"advertisementDurationDays\":7.5," + a + ",\"overrideMaintenanceWindows\":false}").statusCode(400)
                .contentType(Problems.MEDIA_TYPE);
        put("{\"enabled\":\"yes\",\"advertisementDurationDays\":7," + a + ",\"overrideMaintenanceWindows\":false}").statusCode(400)
                .contentType(Problems.MEDIA_TYPE);
        put("{\"enabled\":true,\"advertisementDurationDays\":7,\"excludedClientIds\":\"" + CLIENT_A + "\",\"overrideMaintenanceWindows\":false}")
                .statusCode(400).contentType(Problems.MEDIA_TYPE);
        put("{\"enabled\":true,").statusCode(400).contentType(Problems.MEDIA_TYPE);
        put("{\"enabled\":true,\"advertisementDurationDays\":7," + a + ",\"overrideMaintenanceWindows\":false} {}").statusCode(400)
                .contentType(Problems.MEDIA_TYPE);
        problem(put("[]"), 400, "the body is not the settings JSON: the body must be a JSON object of the settings");
        problem(put("{\"enabled\":true,\"advertisementDurationDays\":\"7\"," + a + ",\"overrideMaintenanceWindows\":false}"), 400,
                "the body is not the settings JSON: field 'advertisementDurationDays' must be a whole number");
        problem(put("{\"enabled\":\"yes\",\"advertisementDurationDays\":7," + a + ",\"overrideMaintenanceWindows\":false}"), 400,
                "the body is not the settings JSON: field 'enabled' must be true or false");
        problem(put(""), 400, "the body must be the settings JSON: enabled, advertisementDurationDays, excludedClientIds, overrideMaintenanceWindows");

        assertThat(given().auth().oauth2(Tokens.admin()).get(SETTINGS).then().statusCode(200).extract().jsonPath().getMap(""))
                .isEqualTo(before);
    }

    @Test
    void settingsNeedTheAdminRoleAndTheClientPolicyNeedsNone() {
        String body = settingsJson(true, 7, List.of(), false);
        given().get(SETTINGS).then().statusCode(401);
        given().auth().oauth2(Tokens.viewer()).get(SETTINGS).then().statusCode(403);
        given().auth().oauth2(Tokens.dpContent()).get(SETTINGS).then().statusCode(403);
        given().contentType("application/json").body(body).put(SETTINGS).then().statusCode(401);
        given().auth().oauth2(Tokens.viewer()).contentType("application/json").body(body).put(SETTINGS).then().statusCode(403);
        given().auth().oauth2("not.a.token").contentType("application/json").body(body).put(SETTINGS).then().statusCode(401);

        // The seeded package (SEE0000F v4) is readable by anyone; an unknown one is 404, a malformed ID 400.
        given().get("/api/client-policy/SEE0000F").then().statusCode(200).body("packageVersion", equalTo(4));
        given().get("/api/client-policy/ABC0FFFE").then().statusCode(404).contentType(Problems.MEDIA_TYPE)
                .body("detail", equalTo("package ABC0FFFE is not known"));
        given().get("/api/client-policy/CAS-6").then().statusCode(400).contentType(Problems.MEDIA_TYPE)
                .body("detail", org.hamcrest.Matchers.startsWith("packageId: "));
        given().get("/q/openapi").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("/api/settings/client-upgrade"))
                .body(org.hamcrest.Matchers.containsString("/api/client-policy/{packageId}"));
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path));
    }

    private static ValidatableResponse put(String json) {
        return given().auth().oauth2(Tokens.admin()).contentType("application/json").body(json).put(SETTINGS).then();
    }

    private static void problem(ValidatableResponse response, int status, String detail) {
        response.statusCode(status).contentType(Problems.MEDIA_TYPE).body("status", equalTo(status)).body("detail", equalTo(detail));
    }

    private static String settingsJson(boolean enabled, int days, List<String> ids, boolean override) {
        return "{\"enabled\":" + enabled + ",\"advertisementDurationDays\":" + days + ",\"excludedClientIds\":["
                + ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",")) + "],\"overrideMaintenanceWindows\":" + override + "}";
    }
}

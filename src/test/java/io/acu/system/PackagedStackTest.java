package io.acu.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.acu.formats.Sha256;
import io.acu.infra.ServiceProcess;
import io.acu.launcher.AcuStack;
import io.acu.launcher.wave.DemoSeed;
import io.restassured.response.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Cross-service: the packaged services on one real Kafka broker and PostgreSQL, started exactly as
 * {@code ./acu demo} starts them, carry the seed's hotfix through the loop: manifest-builder builds
 * CAS00006 v5, dp-content distributes it to both distribution points, a client downloads it with the
 * manifest's hash, and its fallback status point message reaches state-ingest; then every metric the Grafana
 * dashboard and the alert rules of deploy/k8s read is exported by some service.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackagedStackTest {

    private static final Path PROJECT = Path.of(System.getProperty("acu.project.dir", ".")).toAbsolutePath();
    private static final String CLIENT = "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42";
    private static final String FAILING_CLIENT = "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F43";
    private static AcuStack stack;

    @BeforeAll
    static void startStack() {
        stack = AcuStack.start(PROJECT, PROJECT.resolve("target/stack-logs"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void everyServiceIsReadyOnItsOwnPort() {
        assertThat(stack.services().keySet()).containsExactly("manifest-builder", "dp-content", "dp-content-dp02", "state-ingest", "fsp", "rollout");
        assertThat(stack.services().values().stream().map(s -> s.baseUri().getPort()).distinct()).hasSize(6);
        for (ServiceProcess service : stack.services().values()) {
            given().baseUri(service.baseUri().toString()).get("/q/health/ready")
                    .then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    @Order(2)
    void theSeedHotfixTravelsFromManifestBuilderToAClientAndItsStatusToStateIngest() throws Exception {
        DemoSeed seed = DemoSeed.load(PROJECT);
        byte[] scepNew = seed.hotfixInstaller();
        String newHash = seed.hotfixHash().hex();

        // The site's client package as it stands: CAS00006 v4 with SCEPInstall.exe 4.2.223.0.
        given().baseUri(url("manifest-builder")).auth().oauth2(stack.adminToken()).contentType("application/xml")
                .body(seed.seedManifest())
                .post("/api/packages").then().statusCode(201);
        // The hotfix: SCEPInstall.exe 4.3.215.0, with the demo's admin token.
        given().baseUri(url("manifest-builder")).auth().oauth2(stack.adminToken())
                .multiPart("metadata", "{\"kbNumber\":\"KB2907566\",\"title\":\"SCEP 4.3.215.0\",\"packageId\":\"CAS00006\"}", "application/json")
                .multiPart("file", "SCEPInstall.exe", scepNew, "application/octet-stream")
                .post("/api/hotfixes").then().statusCode(201);

        // ManifestUpdated reached state-ingest (Kafka) ...
        await(() -> given().baseUri(url("state-ingest")).get("/api/packages/CAS00006/target"),
                r -> r.statusCode() == 200 && r.jsonPath().getInt("packageVersion") == 5);
        // ... and dp-content, which fetched the content from the source share with its service token and installed it.
        await(() -> given().baseUri(url("dp-content")).get("/api/distribution/packages/CAS00006/versions/5"),
                r -> r.statusCode() == 200 && r.jsonPath().getList("distributionPoints.state").equals(java.util.List.of("INSTALLED", "INSTALLED")));

        // A client downloads the changed file from its distribution point, resuming half-way with a Range request.
        String dp = url("dp-content");
        byte[] head = given().baseUri(dp).header("Range", "bytes=0-" + (scepNew.length / 2 - 1))
                .get("/SMS_DP_SMSPKG$/CAS00006/SCEPInstall.exe").then().statusCode(206).extract().asByteArray();
        byte[] tail = given().baseUri(dp).header("Range", "bytes=" + head.length + "-")
                .get("/SMS_DP_SMSPKG$/CAS00006/SCEPInstall.exe").then().statusCode(206).extract().asByteArray();
        byte[] downloaded = new byte[head.length + tail.length];
        System.arraycopy(head, 0, downloaded, 0, head.length);
        System.arraycopy(tail, 0, downloaded, head.length, tail.length);
        assertThat(Sha256.compute(downloaded).hex()).isEqualTo(newHash);
        byte[] cab = given().baseUri(dp).get("/SMS_DP_SMSPKG$/CAS00006/ccmsetup.cab").then().statusCode(200).extract().asByteArray();
        assertThat(new String(cab, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("MSCF");
        // The branch distribution point (DP only, pushed to by the manager) serves the same bytes.
        byte[] fromBranch = given().baseUri(url("dp-content-dp02")).get("/SMS_DP_SMSPKG$/CAS00006.5/SCEPInstall.exe")
                .then().statusCode(200).extract().asByteArray();
        assertThat(Sha256.compute(fromBranch).hex()).isEqualTo(newHash);

        // Its fallback status point message (800/400) arrives in state-ingest's history for that client.
        given().baseUri(url("fsp")).contentType("text/xml").body(fspDeploymentSucceeded())
                .post("/SMS_FSP/.sms_fsp").then().statusCode(202);
        await(() -> given().baseUri(url("state-ingest")).get("/api/clients/" + CLIENT),
                r -> r.statusCode() == 200 && r.asString().contains("\"stateId\":400"));
    }

    @Test
    @Order(3)
    void everyMetricTheGrafanaDashboardAndTheAlertRulesReadIsExported() throws Exception {
        // A client whose deployment failed on a hash mismatch (800/325), so the failure gauges have a series too.
        given().baseUri(url("fsp")).contentType("text/xml").body(fspStatus(FAILING_CLIENT, 325, "SCEPInstall.exe", "0x80091007"))
                .post("/SMS_FSP/.sms_fsp").then().statusCode(202);

        Map<String, Set<String>> readBy = new TreeMap<>();
        JsonNode dashboard = new ObjectMapper().readTree(PROJECT.resolve("deploy/k8s/base/dashboards/acu-overview.json").toFile());
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                PromQlMetricNames.of(target.path("expr").asText()).forEach(name ->
                        readBy.computeIfAbsent(name, n -> new TreeSet<>()).add("panel '" + panel.path("title").asText() + "'"));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!variable.path("type").asText().equals("query")) {
                continue; // e.g. the datasource variable, whose query names a plugin type
            }
            PromQlMetricNames.of(variable.path("query").asText()).forEach(name ->
                    readBy.computeIfAbsent(name, n -> new TreeSet<>()).add("variable $" + variable.path("name").asText()));
        }
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(PROJECT.resolve("deploy/k8s/base/alerts.yaml").toFile());
        for (JsonNode group : rules.path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                PromQlMetricNames.of(rule.path("expr").asText()).forEach(name ->
                        readBy.computeIfAbsent(name, n -> new TreeSet<>()).add("alert " + rule.path("alert").asText()));
            }
        }
        assertThat(readBy).as("metric names read by the dashboard and the rules").hasSizeGreaterThan(10);

        // state-ingest refreshes its ops gauges every 30 s: wait for the failure above to show.
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Set<String> missing;
        do {
            Set<String> exported = new TreeSet<>();
            for (ServiceProcess service : stack.services().values()) {
                exported.addAll(exportedNames(given().baseUri(service.baseUri().toString()).get("/q/metrics").then().statusCode(200)
                        .extract().asString()));
            }
            missing = new TreeSet<>(readBy.keySet());
            missing.removeAll(exported);
            if (!missing.isEmpty()) {
                Thread.sleep(1000);
            }
        } while (!missing.isEmpty() && System.nanoTime() < deadline);
        for (ServiceProcess service : stack.services().values()) {
            String exposition = given().baseUri(service.baseUri().toString()).get("/q/metrics").asString();
            assertThat(exposition.lines().filter(line -> line.matches("# HELP acu_\\S+\\s*")))
                    .as("acu metrics without a HELP text on " + service.baseUri()).isEmpty();
        }
        Map<String, Set<String>> unexported = new TreeMap<>(readBy);
        unexported.keySet().retainAll(missing);
        assertThat(unexported).as("metrics read but exported by no service, with who reads them").isEmpty();
    }

    /** The metric names with at least one sample in a Prometheus text exposition. */
    private static Set<String> exportedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }

    private static String url(String service) {
        return stack.service(service).baseUri().toString();
    }

    private static void await(Supplier<Response> call, Predicate<Response> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = call.get();
            if (done.test(last)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("condition not reached in 90 s; last answer " + (last == null ? "none" : last.statusCode() + " " + last.asString()));
    }

    private static String fspDeploymentSucceeded() {
        return fspStatus(CLIENT, 400, "5.0.7804.1000", "Deployment", "[DP] http://dp01/SMS_DP_SMSPKG$/CAS00006");
    }

    /** A fallback status point Report with one client deployment state message (topic type 800). */
    private static String fspStatus(String client, int stateId, String... parameters) {
        StringBuilder params = new StringBuilder();
        for (String parameter : parameters) {
            params.append("<Param>").append(parameter).append("</Param>");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Report><ReportHeader><Identification><Machine><ClientInstalled>1</ClientInstalled>"
                + "<ClientType>1</ClientType><ClientID>" + client + "</ClientID><ClientVersion>5.00.7804.1000</ClientVersion>"
                + "<NetBIOSName>WKS-0001</NetBIOSName><CodePage>437</CodePage><SystemDefaultLCID>1033</SystemDefaultLCID><Priority>5</Priority>"
                + "</Machine></Identification><ReportDetails><ReportContent>State Message Data</ReportContent><ReportType>Full</ReportType>"
                + "<Date>20261129120000.000000+000</Date><Version>1.0</Version><Format>1.0</Format></ReportDetails></ReportHeader><ReportBody>"
                + "<StateMessage MessageTime=\"20261129120000.000000+000\"><Topic ID=\"{1FFD119F-4ED5-4C9A-9765-CAACE1E26FD7}\" Type=\"800\" "
                + "IDType=\"0\" User=\"\" UserSID=\"\"/><State ID=\"" + stateId + "\" Criticality=\"0\"/><UserParameters Flags=\"0\" Count=\"" + parameters.length + "\">"
                + params + "</UserParameters></StateMessage></ReportBody></Report>";
    }
}

package io.acu.rollout.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.acu.infra.quarkus.JwtTestResource;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.acu.infra.quarkus.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bodies that are missing, of the wrong type or malformed get a 400 (or 415) RFC 9457 problem with the reason, from
 * every PUT and POST of rollout's API: never a bare 404, 415 or 500. Sent with the JDK's client, so the request is
 * exactly what a script's would be (e.g. {@code curl -X PUT -d ''} declares a form and sends nothing).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = JwtTestResource.class, parallel = true)
class RequestBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String FORM = "application/x-www-form-urlencoded";

    @TestHTTPResource("/")
    URI base;

    @Test
    void anEmptyBodyIsA400SayingWhatTheBodyMustBeWhateverItsDeclaredType() throws Exception {
        for (String type : new String[] {null, "application/json", "text/plain", FORM}) {
            assertProblem(send("PUT", "api/rollout-plans/CAS00006", type, ""), 400, "rollout plan");
            assertProblem(send("PUT", "api/settings/client-upgrade", type, ""), 400, "advertisementDurationDays");
            assertProblem(send("POST", "api/download-grants", type, ""), 400, "distributionPoint");
        }
        assertProblem(send("PUT", "api/settings/client-upgrade/exclusions", FORM, ""), 400,
                "the request has no body; it must be text/plain, one client ID per line (an empty text/plain body empties the excluded collection)");
        // An empty text is the empty collection.
        assertThat(send("PUT", "api/settings/client-upgrade/exclusions", "text/plain", "").statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyOfAnotherTypeIsA415Problem() throws Exception {
        assertProblem(send("PUT", "api/rollout-plans/CAS00006", "text/plain", "{\"rings\": []}"), 415,
                "Content-Type 'text/plain' is not accepted here; the body must be application/json, a rollout plan");
    }

    @Test
    void aVersionThatIsNotANumberIsA400() throws Exception {
        assertProblem(send("POST", "api/rollouts/CAS00006/x/pause", null, ""), 400, "version must be a package version number (1, 2, ...), was 'x'");
        assertProblem(send("GET", "api/rollouts/CAS00006/0", null, null), 400, "was '0'");
    }

    @Test
    void theExclusionsNameTheMalformedLineByItsNumberInTheText() throws Exception {
        String body = "GUID:00000000-0000-0000-0000-000000000001\n\n   \nnobody\nGUID:00000000-0000-0000-0000-000000000002\n";
        assertProblem(send("PUT", "api/settings/client-upgrade/exclusions", "text/plain", body), 400, "line 4 'nobody' is not a client ID");
        assertProblem(send("PUT", "api/settings/client-upgrade/exclusions", "text/plain", "bad\n"), 400, "line 1 'bad' is not a client ID");
    }

    @Test
    void aRingListsAtMostAThousandBoundaryGroups() throws Exception {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i <= 1000; i++) {
            groups.add("\"BG-" + i + "\"");
        }
        HttpResponse<String> answer = send("PUT", "api/rollout-plans/CAS00009", "application/json",
                "{\"rings\": [{\"name\": \"pilot\", \"boundaryGroups\": [" + String.join(",", groups) + "]}, {\"name\": \"broad\", \"rest\": true}]}");
        JsonNode problem = assertProblem(answer, 400, "rings[0].boundaryGroups lists 1001 boundary groups, at most 1000");
        assertThat(problem.path("field").asText()).isEqualTo("rings[0].boundaryGroups");
    }

    private HttpResponse<String> send(String method, String path, String type, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + TestTokens.admin());
        if (type != null) {
            request.header("Content-Type", type);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode assertProblem(HttpResponse<String> answer, int status, String detailPart) throws Exception {
        assertThat(answer.statusCode()).as(answer.request().method() + " " + answer.request().uri() + ": " + answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).contains(detailPart);
        return problem;
    }
}

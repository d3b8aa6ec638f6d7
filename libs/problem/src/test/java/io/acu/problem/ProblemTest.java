package io.acu.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void bodyHasTheStandardMembersInOrderThenTheExtensions() {
        Problem problem = Problem.badRequest("percent must be 0 to 100, was 140").withField("rings[1].percent");

        assertThat(problem.body()).containsExactly(
                Map.entry("type", "about:blank"), Map.entry("title", "Bad Request"), Map.entry("status", 400),
                Map.entry("detail", "percent must be 0 to 100, was 140"), Map.entry("field", "rings[1].percent"));
    }

    @Test
    void titlesAreRfc9110ReasonPhrases() {
        assertThat(List.of(413, 416, 422, 429, 503, 507, 418, 599).stream().map(s -> Problem.of(s, "x").title()))
                .containsExactly("Content Too Large", "Range Not Satisfiable", "Unprocessable Content",
                        "Too Many Requests", "Service Unavailable", "Insufficient Storage", "Client Error", "Server Error");
    }

    @Test
    void retryAfterIsKeptAndExtensionsAreCopied() {
        Problem problem = Problem.of(429, "the per-client budget is spent").retryAfter(7).with("limit", 60);

        assertThat(problem.retryAfterSeconds()).isEqualTo(7);
        assertThat(problem.extensions()).containsExactly(Map.entry("limit", 60));
        assertThat(problem.with("limit", 30).extensions()).containsExactly(Map.entry("limit", 30));
    }

    @Test
    void refusesWhatIsNotAProblem() {
        assertThatThrownBy(() -> Problem.of(202, "accepted")).hasMessage("a problem's status is 400 to 599, was 202");
        assertThatThrownBy(() -> Problem.of(400, "x").with("title", "other"))
                .hasMessage("extension member 'title' would shadow the standard member");
        assertThatThrownBy(() -> Problem.of(503, "x").retryAfter(-1)).hasMessage("Retry-After is a non-negative delay, was -1");
    }

    @Test
    void excerptKeepsAHundredCharacters() {
        assertThat(Problem.excerpt("a".repeat(100))).hasSize(100);
        assertThat(Problem.excerpt("b".repeat(250))).isEqualTo("b".repeat(100) + "...");
    }

    @Test
    void exceptionCarriesItsProblem() {
        ProblemException e = ProblemException.badRequest("since must be an ISO-8601 instant");
        assertThat(e.getMessage()).isEqualTo("since must be an ISO-8601 instant");
        assertThat(e.problem().status()).isEqualTo(400);
    }
}

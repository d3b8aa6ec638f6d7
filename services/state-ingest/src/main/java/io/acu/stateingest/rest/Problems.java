package io.acu.stateingest.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 9457 problem responses ({@code application/problem+json}) shared by the resources. */
final class Problems {

    static final String PROBLEM_JSON = "application/problem+json";

    private Problems() {
    }

    /**
     * @param retryAfterSeconds sets Retry-After when positive
     * @return a response with {@code type}, {@code title}, {@code status} and {@code detail}
     */
    static Response problem(int status, String title, String detail, long retryAfterSeconds) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        Response.ResponseBuilder response = Response.status(status).type(PROBLEM_JSON).entity(problem);
        if (retryAfterSeconds > 0) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        return response.build();
    }

    static Response badRequest(String detail) {
        return problem(400, "Bad Request", detail, 0);
    }
}

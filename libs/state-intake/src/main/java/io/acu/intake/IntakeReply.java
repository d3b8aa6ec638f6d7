package io.acu.intake;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP answer of an intake to one POSTed report: 202 without a body, or an RFC 9457 problem
 * ({@code application/problem+json}) with {@code type}, {@code title}, {@code status} and {@code detail}.
 *
 * @param status the HTTP status: 202, or 400, 413, 415, 422, 429, 503
 * @param title the short, fixed summary of the status, e.g. {@code Service Unavailable}
 * @param detail why, in plain words; empty for 202
 * @param retryAfterSeconds the Retry-After delay in whole seconds (RFC 9110 section 10.2.3) for 429 and 503; 0 for none
 */
public record IntakeReply(int status, String title, String detail, long retryAfterSeconds) {

    /** The media type of problem replies (RFC 9457). */
    public static final String PROBLEM_JSON = "application/problem+json";

    /** Every message of the report is on Kafka. */
    public static final IntakeReply ACCEPTED = new IntakeReply(202, "Accepted", "", 0);

    /** @return whether this reply is a problem (status 400 or more) */
    public boolean isProblem() {
        return status >= 400;
    }

    /** @return the problem document: {@code type} (always {@code about:blank}), {@code title}, {@code status}, {@code detail} */
    public Map<String, Object> problem() {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        return problem;
    }

    /**
     * Needs a JAX-RS implementation at run time (the services' Quarkus REST).
     *
     * @return the JAX-RS response: no body for 202; else the problem as {@value #PROBLEM_JSON} with Retry-After when
     *     {@link #retryAfterSeconds()} is positive
     */
    public Response toResponse() {
        if (!isProblem()) {
            return Response.status(status).build();
        }
        Response.ResponseBuilder response = Response.status(status).type(PROBLEM_JSON).entity(problem());
        if (retryAfterSeconds > 0) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        return response.build();
    }
}

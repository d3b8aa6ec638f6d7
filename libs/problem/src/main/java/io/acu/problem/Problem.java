package io.acu.problem;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One refusal as an RFC 9457 problem document ({@code application/problem+json}): {@code type} (always
 * {@code about:blank}, so {@code title} is the status' RFC 9110 reason phrase), {@code status}, {@code detail} and
 * any extension members (e.g. {@code field}, the request field at fault). Every acu service and intake renders its
 * 4xx/5xx answers through this type, as a JAX-RS {@link Response} or on a Vert.x route.
 *
 * @param status the HTTP status, 400 to 599
 * @param detail why this request was refused, in plain words, for the operator or client that sent it
 * @param extensions further members in insertion order (RFC 9457 section 3.2); never {@code type}, {@code title},
 *     {@code status} or {@code detail}
 * @param retryAfterSeconds the Retry-After delay in whole seconds (RFC 9110 section 10.2.3) for 429 and 503; 0 for
 *     none
 */
public record Problem(int status, String detail, Map<String, Object> extensions, long retryAfterSeconds) {

    /** The media type of a problem document (RFC 9457 section 3). */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final Set<String> STANDARD_MEMBERS = Set.of("type", "title", "status", "detail");

    /**
     * @throws IllegalArgumentException if the status is not 400–599, the detail is null, an extension shadows a
     *     standard member, or the delay is negative
     */
    public Problem {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem's status is 400 to 599, was " + status);
        }
        Objects.requireNonNull(detail, "detail");
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("Retry-After is a non-negative delay, was " + retryAfterSeconds);
        }
        for (String name : extensions.keySet()) {
            if (STANDARD_MEMBERS.contains(name)) {
                throw new IllegalArgumentException("extension member '" + name + "' would shadow the standard member");
            }
        }
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** @return a problem with {@code status} and {@code detail} and no extension */
    public static Problem of(int status, String detail) {
        return new Problem(status, detail, Map.of(), 0);
    }

    /** @return a 400 Bad Request problem */
    public static Problem badRequest(String detail) {
        return of(400, detail);
    }

    /** @return a 404 Not Found problem */
    public static Problem notFound(String detail) {
        return of(404, detail);
    }

    /** @return this problem with the extension member {@code field} naming the request field at fault */
    public Problem withField(String field) {
        return with("field", field);
    }

    /** @return this problem with one more extension member (replacing one of the same name) */
    public Problem with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(name, value);
        return new Problem(status, detail, more, retryAfterSeconds);
    }

    /** @return this problem answered with {@code Retry-After: seconds} */
    public Problem retryAfter(long seconds) {
        return new Problem(status, detail, extensions, seconds);
    }

    /** @return the status' reason phrase as RFC 9110 section 15 names it, e.g. 413 {@code Content Too Large} */
    public String title() {
        return ReasonPhrases.of(status);
    }

    /** @return the document's members in order: type, title, status, detail, then the extensions */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title());
        body.put("status", status);
        body.put("detail", detail);
        body.putAll(extensions);
        return body;
    }

    /** @return the JAX-RS response: the document as {@value #MEDIA_TYPE}, with Retry-After when set */
    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status).type(MEDIA_TYPE).entity(body());
        if (retryAfterSeconds > 0) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        return response.build();
    }

    /**
     * Ends a Vert.x response with this problem (for routes outside JAX-RS, e.g. a distribution point's content
     * routes).
     *
     * @param response a response whose headers are not yet written
     */
    public void send(HttpServerResponse response) {
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE);
        if (retryAfterSeconds > 0) {
            response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        response.end(new JsonObject(body()).encode());
    }

    /**
     * At most 100 characters of client-sent text, for a detail that quotes the request without echoing a
     * megabyte back.
     */
    public static String excerpt(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}

package io.acu.manifestbuilder.rest;

import io.acu.manifestbuilder.domain.HotfixRejectedException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** RFC 9457 problem responses ({@code application/problem+json}) for every refusal, mapped in one place. */
public final class Problems {

    /** The problem media type. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem response: {@code {"status": 422, "title": "Unprocessable Content", "detail": "..."}}. */
    public static Response problem(int status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        Response.StatusType type = Response.Status.fromStatusCode(status);
        body.put("title", type != null ? type.getReasonPhrase() : status == 422 ? "Unprocessable Content" : "Error");
        body.put("detail", detail);
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
    }

    /** Maps a refused hotfix or import to its HTTP status. */
    @ServerExceptionMapper
    public Response rejected(HotfixRejectedException e) {
        int status = switch (e.kind()) {
            case INVALID -> 400;
            case UNPROCESSABLE -> 422;
            case TOO_LARGE -> 413;
            case UNKNOWN_PACKAGE -> 404;
            case CONFLICT, DOWNGRADE -> 409;
        };
        return problem(status, e.getMessage());
    }

    private static final String TOKEN_REQUIRED = "a valid bearer token of the site is required (Authorization: Bearer <token>)";

    /** No credentials: 401 with the RFC 6750 challenge, and the reason as a problem rather than an empty body. */
    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return Response.fromResponse(problem(401, TOKEN_REQUIRED)).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    /**
     * A bearer token that is not a valid token of the site's issuer (expired, badly signed, malformed): 401 as a
     * problem; the challenge header comes from Quarkus' bearer mechanism, which already answered with it.
     */
    @ServerExceptionMapper
    public Response invalidToken(AuthenticationFailedException e) {
        return problem(401, TOKEN_REQUIRED);
    }

    /** A valid token without the role the action needs (see {@link Roles}): 403 as a problem. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(403, "the token's groups do not include the role this action needs");
    }

    /** A request body in a media type the endpoint does not read (RFC 9110 415), naming the type sent (without parameters). */
    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e, HttpHeaders headers) {
        String sent = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        return problem(415, "Content-Type " + (sent == null ? "(none)" : "'" + excerpt(sent.split(";", 2)[0].strip()) + "'")
                + " is not accepted here; see /q/openapi for the media types of each endpoint");
    }

    /** A method the resource does not have (RFC 9110 405), naming it. */
    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e, HttpServerRequest request) {
        return problem(405, "method " + request.method().name() + " is not allowed on " + excerpt(request.path())
                + "; see /q/openapi for the methods of each endpoint");
    }

    /** An Accept header this resource cannot satisfy (RFC 9110 406); the problem is sent anyway, as the RFC allows. */
    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, HttpHeaders headers) {
        String asked = headers.getHeaderString(HttpHeaders.ACCEPT);
        return problem(406, "Accept " + (asked == null ? "(none)" : "'" + excerpt(asked) + "'")
                + " cannot be satisfied here; see /q/openapi for the media types of each endpoint");
    }

    /** At most 100 characters of client-sent text, for a problem detail. */
    private static String excerpt(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}

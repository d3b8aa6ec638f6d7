package io.acu.problem;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The refusals every acu service answers the same way, as {@link Problem} documents: a {@link ProblemException},
 * the bearer-token refusals (RFC 6750) and the request-shape refusals JAX-RS raises (RFC 9110 405, 406, 415).
 * Quarkus REST registers these mappers in every service that depends on this library; a service maps its own
 * domain exceptions in its REST adapter.
 */
public final class ProblemMappers {

    private final Instance<RequestBodyHints> hints;

    ProblemMappers(Instance<RequestBodyHints> hints) {
        this.hints = hints;
    }

    /** The detail of every 401: what the caller must send. */
    public static final String TOKEN_REQUIRED = "a valid bearer token of the site is required (Authorization: Bearer <token>)";

    /** A refusal a REST adapter raised: its problem as it is. */
    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    /** No credentials: 401 with the RFC 6750 challenge, and the reason as a problem rather than an empty body. */
    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return Response.fromResponse(Problem.of(401, TOKEN_REQUIRED).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    /**
     * A bearer token that is not a valid token of the site's issuer (expired, badly signed, malformed, another
     * audience): 401 as a problem; the challenge header comes from Quarkus' bearer mechanism, which already set it.
     */
    @ServerExceptionMapper
    public Response invalidToken(AuthenticationFailedException e) {
        return Problem.of(401, TOKEN_REQUIRED).toResponse();
    }

    /**
     * A request body that ended before its multipart closing boundary (a client cut off mid-upload; RFC 7578 bodies
     * end with {@code --boundary--}): the request's fault, 400 as a problem, not a server error page. Any other
     * input/output failure reading the request is a 500 problem without internals.
     */
    @ServerExceptionMapper
    public Response unreadableBody(java.io.IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("multipart")) {
            return Problem.badRequest("the multipart body is incomplete: it ended before its closing boundary; send the whole upload again")
                    .toResponse();
        }
        return Problem.of(500, "the request could not be read").toResponse();
    }

    /** A valid token without the role the action needs: 403 as a problem. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(403, "the token's groups do not include the role this action needs"
                + " (acu-admin for changes, acu-viewer to read)").toResponse();
    }

    /**
     * A request body in a media type the endpoint does not read (RFC 9110 415), naming the type sent (without
     * parameters). An empty body is a 400 instead, whatever type it declares (e.g. {@code curl -X PUT -d ''}
     * declares a form): what the request lacks is its body. Both say what the body must be when the service has
     * {@link RequestBodyHints}.
     */
    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e, HttpHeaders headers, HttpServerRequest request) {
        Optional<String> expected = hints.isResolvable() ? hints.get().expectedBody(request.path()) : Optional.empty();
        String length = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        boolean chunked = headers.getHeaderString("Transfer-Encoding") != null;
        if ("0".equals(length) || (length == null && !chunked)) {
            return Problem.badRequest("the request has no body; it must be "
                    + expected.orElse("as /q/openapi gives for this endpoint")).toResponse();
        }
        String sent = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        return Problem.of(415, "Content-Type " + (sent == null ? "(none)" : "'" + Problem.excerpt(sent.split(";", 2)[0].strip()) + "'")
                + " is not accepted here; " + expected.map(body -> "the body must be " + body)
                        .orElse("see /q/openapi for the media types of each endpoint")).toResponse();
    }

    /** A method the resource does not have (RFC 9110 405), naming it. */
    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e, HttpServerRequest request) {
        Response problem = Problem.of(405, "method " + request.method().name() + " is not allowed on "
                + Problem.excerpt(request.path()) + "; see /q/openapi for the methods of each endpoint").toResponse();
        // RFC 9110 15.5.6: a 405 lists the methods the resource has, when JAX-RS told them.
        var allowed = e.getResponse().getAllowedMethods();
        return allowed.isEmpty() ? problem : Response.fromResponse(problem).allow(allowed).build();
    }

    /**
     * No resource at this path, or a path parameter that does not convert (e.g. a version that is not a number):
     * 404 as a problem rather than an HTML page or an empty body.
     */
    @ServerExceptionMapper
    public Response notFound(NotFoundException e, HttpServerRequest request) {
        return Problem.notFound("nothing at " + request.method().name() + " " + Problem.excerpt(request.path())
                + "; see /q/openapi for the paths of this service").toResponse();
    }

    /** An Accept header this resource cannot satisfy (RFC 9110 406); the problem is sent anyway, as the RFC allows. */
    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, HttpHeaders headers) {
        String asked = headers.getHeaderString(HttpHeaders.ACCEPT);
        return Problem.of(406, "Accept " + (asked == null ? "(none)" : "'" + Problem.excerpt(asked) + "'")
                + " cannot be satisfied here; see /q/openapi for the media types of each endpoint").toResponse();
    }
}

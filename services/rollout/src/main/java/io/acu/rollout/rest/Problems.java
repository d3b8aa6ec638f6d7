package io.acu.rollout.rest;

import io.acu.rollout.domain.InvalidPlanException;
import io.acu.rollout.domain.RolloutConflictException;
import io.acu.rollout.service.NotFoundException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** RFC 9457 problem responses ({@code application/problem+json}) for every refusal of rollout's API, mapped in one place. */
public final class Problems {

    /** The problem media type. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem response: {@code {"status": 409, "title": "Conflict", "detail": "..."}}, plus {@code field} when given. */
    public static Response problem(int status, String detail, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        Response.StatusType type = Response.Status.fromStatusCode(status);
        body.put("title", type != null ? type.getReasonPhrase() : "Error");
        body.put("detail", detail);
        if (field != null) {
            body.put("field", field);
        }
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
    }

    /** @return {@link #problem(int, String, String)} without a field */
    public static Response problem(int status, String detail) {
        return problem(status, detail, null);
    }

    /** A plan that breaks a rule: 400 naming the field. */
    @ServerExceptionMapper
    public Response invalidPlan(InvalidPlanException e) {
        return problem(400, e.getMessage(), e.field());
    }

    /** A request value that is not acceptable (client ID, package ID, settings): 400 with the reason. */
    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return problem(400, e.getMessage());
    }

    /** An action the rollout's state does not allow now: 409 with the reason. */
    @ServerExceptionMapper
    public Response conflict(RolloutConflictException e) {
        return problem(409, e.getMessage());
    }

    /** An unknown package, version or rollout: 404 with the reason. */
    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return problem(404, e.getMessage());
    }

    private static final String TOKEN_REQUIRED = "a valid bearer token of the site is required (Authorization: Bearer <token>)";

    /** No credentials: 401 with the RFC 6750 challenge. */
    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return Response.fromResponse(problem(401, TOKEN_REQUIRED)).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    /** A token that is not valid for the site's issuer: 401. */
    @ServerExceptionMapper
    public Response invalidToken(AuthenticationFailedException e) {
        return problem(401, TOKEN_REQUIRED);
    }

    /** A valid token without the role the action needs: 403. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(403, "the token's groups do not include the role this action needs (acu-admin for changes, acu-viewer to read)");
    }
}

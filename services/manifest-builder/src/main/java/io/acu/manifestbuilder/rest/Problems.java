package io.acu.manifestbuilder.rest;

import io.acu.manifestbuilder.domain.HotfixRejectedException;
import io.acu.manifestbuilder.domain.InvalidClientUpgradeSettingsException;
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
            case CONFLICT -> 409;
        };
        return problem(status, e.getMessage());
    }

    /** Client upgrade settings against ConfigMgr's rules: well-formed JSON with unusable values (422). */
    @ServerExceptionMapper
    public Response rejected(InvalidClientUpgradeSettingsException e) {
        return problem(422, e.getMessage());
    }
}

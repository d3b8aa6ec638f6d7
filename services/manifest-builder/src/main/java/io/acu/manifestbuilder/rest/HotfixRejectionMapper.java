package io.acu.manifestbuilder.rest;

import io.acu.manifestbuilder.domain.HotfixRejectedException;
import io.acu.problem.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers a refused hotfix or import as an RFC 9457 problem with the status its kind calls for; the refusals every
 * service shares (401, 403, 405, 406, 415) are {@link io.acu.problem.ProblemMappers}'.
 */
public final class HotfixRejectionMapper {

    /** Maps a refused hotfix or import: 400 invalid, 422 unprocessable, 413 too large, 404 unknown package, 409 conflict or downgrade. */
    @ServerExceptionMapper
    public Response rejected(HotfixRejectedException e) {
        int status = switch (e.kind()) {
            case INVALID -> 400;
            case UNPROCESSABLE -> 422;
            case TOO_LARGE -> 413;
            case UNKNOWN_PACKAGE -> 404;
            case CONFLICT, DOWNGRADE -> 409;
        };
        return Problem.of(status, e.getMessage()).toResponse();
    }
}

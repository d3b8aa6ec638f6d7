package io.acu.rollout.rest;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A request whose Content-Type an endpoint does not take ({@code @Consumes}). An empty body is a 400 saying what
 * the body must be, whatever its declared type (e.g. {@code curl -X PUT -d ''} declares a form): the request
 * lacks its body, which is the problem to report. A body of another type is a 415 problem naming the type to send.
 * When rollout moves onto libs/problem, this rule belongs in its shared 415 mapper (two global mappers of one
 * exception would clash).
 */
public final class UnsupportedBodies {

    /** @return 400 for an empty body, else 415, both as RFC 9457 problems */
    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, HttpHeaders headers, UriInfo uri) {
        String length = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        boolean chunked = headers.getHeaderString("Transfer-Encoding") != null;
        String path = uri.getPath();
        if ("0".equals(length) || (length == null && !chunked)) {
            return Problems.problem(400, "the request has no body; it must be " + expected(path));
        }
        String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        return Problems.problem(415, "Content-Type " + (type == null ? "(none)" : "'" + type + "'") + " is not accepted here; the body must be "
                + expected(path));
    }

    /** @return what the endpoint at {@code path} takes, for the problem's detail */
    static String expected(String path) {
        if (path.endsWith("/exclusions")) {
            return "text/plain, one client ID per line (an empty text/plain body empties the excluded collection)";
        }
        if (path.contains("/rollout-plans/")) {
            return "application/json, a rollout plan {\"rings\": [...]}";
        }
        if (path.contains("/settings/client-upgrade")) {
            return "application/json, the settings {\"enabled\", \"advertisementDurationDays\", \"overrideMaintenanceWindows\"}";
        }
        if (path.contains("/download-grants")) {
            return "application/json, a grant request {\"packageId\", \"packageVersion\", \"clientId\", \"distributionPoint\"[, \"boundaryGroup\"]}";
        }
        return "application/json (see /q/openapi)";
    }
}

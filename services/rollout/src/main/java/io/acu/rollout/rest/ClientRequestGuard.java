package io.acu.rollout.rest;

import io.acu.contracts.client.ClientTokens;
import io.acu.problem.Problem;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * What rollout decides about a client request before reading its body: the client endpoints are open to the network
 * (every managed client calls them), so a caller without a client token is refused with 401 at the headers, and a
 * grant request may carry at most {@value #MAX_GRANT_BODY_BYTES} bytes (a grant request is about 200), declared in
 * Content-Length (411 for a chunked body, RFC 9110 §15.5.12; 413 over, §15.5.14). Without this a caller could send bodies up to
 * the service's 64 MB limit (kept for the exclusions upload) and exhaust the heap before any check ran. Refusals close
 * the connection, so an unread body is not drained.
 */
@ApplicationScoped
public class ClientRequestGuard {

    /** Largest grant request body accepted, in bytes. */
    public static final int MAX_GRANT_BODY_BYTES = 16 * 1024;
    private static final String GRANTS = "/api/download-grants";
    private static final String POLICY = "/api/client-policy/";

    private final ClientIdentity identity;

    ClientRequestGuard(ClientIdentity identity) {
        this.identity = identity;
    }

    /** Mounted ahead of every other route: the framework's handlers would read the body before a filter runs. */
    void mount(@Observes Router router) {
        router.route(GRANTS).order(Integer.MIN_VALUE).handler(this::check);
        router.route(POLICY + "*").order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext request) {
        String path = request.normalizedPath();
        boolean grant = GRANTS.equals(path);
        if (!grant && !path.startsWith(POLICY)) {
            request.next();
            return;
        }
        Optional<ClientTokens.Refusal> unpresented = identity.unpresented(request.request().getHeader("Authorization"));
        if (unpresented.isPresent()) {
            request.response().putHeader("WWW-Authenticate", "Bearer");
            refuse(request, Problem.of(unpresented.get().status(), unpresented.get().detail()));
            return;
        }
        if (grant && request.request().method() == HttpMethod.POST) {
            // RFC 9112 §6.3: without Content-Length and Transfer-Encoding a request's body is empty (the JDK's client
            // sends an empty POST so); with Transfer-Encoding its length is unknown until read.
            String declared = request.request().getHeader("Content-Length");
            boolean chunked = request.request().getHeader("Transfer-Encoding") != null;
            long length;
            try {
                length = declared == null ? (chunked ? -1 : 0) : Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length < 0) {
                refuse(request, Problem.of(411, "a grant request must declare its Content-Length (at most " + MAX_GRANT_BODY_BYTES + " bytes)"));
                return;
            }
            if (length > MAX_GRANT_BODY_BYTES) {
                refuse(request, Problem.of(413, "a grant request is at most " + MAX_GRANT_BODY_BYTES + " bytes; this one declares " + length));
                return;
            }
        }
        request.next();
    }

    private static void refuse(RoutingContext request, Problem problem) {
        request.response().putHeader("Connection", "close");
        problem.send(request.response());
    }
}

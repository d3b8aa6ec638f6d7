package io.acu.intake;

import io.acu.problem.Problem;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletionStage;

/**
 * The HTTP adapter of both intakes (fsp's {@code POST /SMS_FSP/.sms_fsp}, state-ingest's
 * {@code POST /api/state-messages}): a plain Vert.x route that collects the body on the event loop, hands it to the
 * {@link IntakeEndpoint} there (a client's report is a few KiB of XML: reading it costs less than a hand-off to a
 * worker thread and back; a body over {@value #EVENT_LOOP_MAX_BYTES} bytes is read on a worker thread, so a large
 * batch never holds up the other connections of its event loop), and answers when the endpoint's reply completes,
 * i.e. once Kafka acknowledged every message.
 *
 * <p>Why not a JAX-RS resource: measured with wrk against the same request (README, Benchmarks), the resource's
 * dispatch, the blocking body stream on a worker thread and the park/unpark per request cost about half of the
 * intake's CPU. The endpoint never waits: its producer runs with {@code max.block.ms=0} (a full buffer is a 503 at
 * once, see {@link StateMessagePublisher}).
 *
 * <p>The body is read up to {@code maxBodyBytes + 1} bytes; what comes beyond is drained and dropped, and the
 * endpoint answers 413 (so a 1 GiB upload costs the server no memory). Answers: 202 without a body, or an RFC 9457
 * problem ({@code application/problem+json}) with {@code Retry-After} on 429 and 503 and {@code WWW-Authenticate:
 * Bearer} on 401 (RFC 6750 §3).
 */
public final class IntakeRoute implements Handler<RoutingContext> {

    private static final System.Logger LOG = System.getLogger(IntakeRoute.class.getName());

    /** Bodies up to this size (about 100 state messages of XML) are read on the event loop. */
    public static final int EVENT_LOOP_MAX_BYTES = 64 * 1024;

    private final IntakeEndpoint endpoint;
    private final int maxBodyBytes;
    private final boolean readsAuthorization;

    /**
     * @param endpoint decides and publishes
     * @param maxBodyBytes the intake's body cap in bytes ({@link IntakeSettings#maxBodyBytes()}), at most 64 MiB
     * @param readsAuthorization whether the {@code Authorization} header is passed on (state-ingest's intake, which
     *     may require client tokens); the fallback status point is open and ignores it
     * @throws IllegalArgumentException for a cap outside 1 byte .. 64 MiB
     */
    public IntakeRoute(IntakeEndpoint endpoint, long maxBodyBytes, boolean readsAuthorization) {
        if (maxBodyBytes < 1 || maxBodyBytes > 64L * 1024 * 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be between 1 and 64 MiB: " + maxBodyBytes);
        }
        this.endpoint = endpoint;
        this.maxBodyBytes = (int) maxBodyBytes;
        this.readsAuthorization = readsAuthorization;
    }

    /**
     * Mounts this route for {@code POST path} on {@code router} (Quarkus' HTTP router, e.g. from
     * {@code @Observes Router}).
     *
     * @param router the router
     * @param path the exact path, e.g. {@code /SMS_FSP/.sms_fsp}
     */
    public void mount(Router router, String path) {
        router.post(path).handler(this);
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String contentLength = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        int expected = 1024;
        if (contentLength != null) {
            try {
                expected = (int) Math.min(Long.parseLong(contentLength.strip()), maxBodyBytes + 1L);
            } catch (NumberFormatException e) {
                expected = 1024;
            }
        }
        Buffer body = Buffer.buffer(Math.max(expected, 16));
        request.handler(chunk -> {
            int room = maxBodyBytes + 1 - body.length();
            if (room > 0) {
                body.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
            }
        });
        request.exceptionHandler(ignored -> { });
        request.endHandler(ignored -> {
            if (body.length() <= EVENT_LOOP_MAX_BYTES) {
                decide(request, body).whenComplete((reply, failure) -> answer(request.response(), reply, failure));
            } else {
                context.vertx().executeBlocking(() -> decide(request, body), false)
                        .onComplete(decided -> {
                            if (decided.failed()) {
                                answer(request.response(), null, decided.cause());
                            } else {
                                decided.result().whenComplete((reply, failure) -> answer(request.response(), reply, failure));
                            }
                        });
            }
        });
        request.resume();
    }

    private CompletionStage<IntakeReply> decide(HttpServerRequest request, Buffer body) {
        SocketAddress remote = request.remoteAddress();
        String peer = remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
        return endpoint.receive(body.getBytes(), request.getHeader(HttpHeaders.CONTENT_TYPE), peer,
                request.getHeader("X-Forwarded-For"), readsAuthorization ? request.getHeader(HttpHeaders.AUTHORIZATION) : null);
    }

    private static void answer(HttpServerResponse response, IntakeReply reply, Throwable failure) {
        if (failure != null) {
            LOG.log(System.Logger.Level.ERROR, "an intake request failed unexpectedly", failure);
            answer(response, new IntakeReply(500, "the report could not be processed", 0));
        } else {
            answer(response, reply);
        }
    }

    private static void answer(HttpServerResponse response, IntakeReply reply) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (!reply.isProblem()) {
            response.setStatusCode(reply.status()).end();
            return;
        }
        if (reply.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        Problem problem = reply.problem();
        problem.send(response);
    }
}

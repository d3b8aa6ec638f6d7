package io.acu.intake;

import io.acu.problem.Problem;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * <p>A body over the cap is refused with 413 as soon as its Content-Length or its bytes so far show it; the rest is
 * dropped as it arrives (up to {@value #DRAIN_MAX_BYTES} bytes, then the connection closes), so a 1 GiB upload costs
 * the server no memory; a body not complete within
 * {@value #BODY_DEADLINE_MILLIS} ms (looked for every {@value #SWEEP_MILLIS} ms) gets 408, another method 405. Answers: 202 without a body, or an RFC 9457
 * problem ({@code application/problem+json}) with {@code Retry-After} on 429 and 503 and {@code WWW-Authenticate:
 * Bearer} on 401 (RFC 6750 §3).
 */
public final class IntakeRoute implements Handler<RoutingContext> {

    private static final System.Logger LOG = System.getLogger(IntakeRoute.class.getName());

    /**
     * How long a request's body may take to arrive, in milliseconds: a client's report is a few KiB, a 1 MiB batch takes
     * well under a second on any network a client reaches us through; a sender that trickles (slowloris) gets 408 and
     * its connection closed.
     */
    public static final long BODY_DEADLINE_MILLIS = 30_000;

    /**
     * How much of a refused body is read and dropped after the 413, in bytes, so that the client (which may still be
     * sending) reads the answer and keeps its connection; a longer body closes the connection.
     */
    public static final long DRAIN_MAX_BYTES = 8L * 1024 * 1024;

    /** Bodies up to this size (about 100 state messages of XML) are read on the event loop. */
    public static final int EVENT_LOOP_MAX_BYTES = 64 * 1024;

    /** How often bodies that take too long are looked for, in milliseconds. */
    static final long SWEEP_MILLIS = 5_000;

    private final IntakeEndpoint endpoint;
    private final Map<HttpServerRequest, Upload> uploads = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeperStarted = new AtomicBoolean();
    private final long bodyDeadlineMillis;
    private final long sweepMillis;
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
        this(endpoint, maxBodyBytes, readsAuthorization, BODY_DEADLINE_MILLIS, SWEEP_MILLIS);
    }

    /** As the public constructor, with another body deadline and sweep interval (tests). */
    IntakeRoute(IntakeEndpoint endpoint, long maxBodyBytes, boolean readsAuthorization, long bodyDeadlineMillis, long sweepMillis) {
        this.bodyDeadlineMillis = bodyDeadlineMillis;
        this.sweepMillis = sweepMillis;
        if (maxBodyBytes < 1 || maxBodyBytes > 64L * 1024 * 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be between 1 and 64 MiB: " + maxBodyBytes);
        }
        this.endpoint = endpoint;
        this.maxBodyBytes = (int) maxBodyBytes;
        this.readsAuthorization = readsAuthorization;
    }

    /**
     * Mounts this route for {@code path} on {@code router} (Quarkus' HTTP router, e.g. from {@code @Observes Router}):
     * POST reads a report; any other method gets 405 with {@code Allow: POST} (RFC 9110 section 15.5.6).
     *
     * @param router the router
     * @param path the exact path, e.g. {@code /SMS_FSP/.sms_fsp}
     */
    public void mount(Router router, String path) {
        router.post(path).handler(this);
        router.route(path).handler(context -> {
            context.response().putHeader(HttpHeaders.ALLOW, "POST");
            answer(context.response(), endpoint.refuse(405, context.request().method() + " is not allowed here: POST a report"), false);
        });
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        long declared = declaredLength(request);
        if (declared > maxBodyBytes + DRAIN_MAX_BYTES) {
            // Too large to be worth draining: refused before a byte of it is read, and the connection closes.
            answer(request.response(), endpoint.refuse(413, tooLarge()), true);
            return;
        }
        startSweeper(context.vertx());
        // Sized by what the client declares only up to the event loop's share: the buffer grows with what arrives, so
        // connections that declare a megabyte and send nothing reserve no megabytes.
        Upload upload = new Upload(System.nanoTime(), (int) Math.max(Math.min(declared, Math.min(maxBodyBytes, EVENT_LOOP_MAX_BYTES)), 16));
        uploads.put(request, upload);
        if (declared > maxBodyBytes) {
            upload.refused = true;
            answer(request.response(), endpoint.refuse(413, tooLarge()), false);
        }
        request.handler(chunk -> {
            if (!upload.refused && upload.body.length() + chunk.length() > maxBodyBytes) {
                upload.refused = true;
                answer(request.response(), endpoint.refuse(413, tooLarge()), false);
            }
            if (upload.refused) {
                upload.drained += chunk.length();
                if (upload.drained > DRAIN_MAX_BYTES) {
                    uploads.remove(request);
                    request.connection().close();
                }
                return;
            }
            upload.body.appendBuffer(chunk);
        });
        request.exceptionHandler(ignored -> uploads.remove(request));
        request.endHandler(ignored -> {
            if (uploads.remove(request) == null || upload.refused) {
                return;
            }
            Buffer body = upload.body;
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

    /**
     * One sweep every {@value #SWEEP_MILLIS} ms for the whole route, not a timer per request (measured: a timer set and
     * cancelled per request cost about a tenth of the intake's CPU): answers 408 to every body still arriving after
     * {@value #BODY_DEADLINE_MILLIS} ms and closes its connection, and closes those still draining a refused body.
     */
    private void startSweeper(Vertx vertx) {
        if (sweeperStarted.compareAndSet(false, true)) {
            vertx.setPeriodic(sweepMillis, id -> {
                long cutoff = System.nanoTime() - bodyDeadlineMillis * 1_000_000;
                uploads.forEach((request, upload) -> {
                    if (upload.startedNanos - cutoff < 0 && uploads.remove(request) != null) {
                        if (upload.refused) {
                            request.connection().close();
                        } else {
                            upload.refused = true;
                            answer(request.response(), endpoint.refuse(408, "the body did not arrive within " + bodyDeadlineMillis + " ms"),
                                    true);
                        }
                    }
                });
            });
        }
    }

    /** A request whose body is arriving. */
    private static final class Upload {
        final long startedNanos;
        final Buffer body;
        /** Answered before the end of the body (413, 408): the rest is drained, never read. */
        volatile boolean refused;
        /** Bytes drained after the refusal; only the request's event loop touches it. */
        long drained;

        Upload(long startedNanos, int expectedBytes) {
            this.startedNanos = startedNanos;
            this.body = Buffer.buffer(expectedBytes);
        }
    }

    /** The Content-Length header's value; -1 when absent (chunked) or not a number (then counted as it arrives). */
    private static long declaredLength(HttpServerRequest request) {
        String contentLength = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (contentLength == null) {
            return -1;
        }
        try {
            return Long.parseLong(contentLength.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String tooLarge() {
        return "the body exceeds the limit of " + maxBodyBytes + " bytes";
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
            answer(response, new IntakeReply(500, "the report could not be processed", 0), false);
        } else {
            answer(response, reply, false);
        }
    }

    /** @param close whether the connection closes after the answer (the request's body was not read to its end) */
    private static void answer(HttpServerResponse response, IntakeReply reply, boolean close) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
            response.endHandler(ignored -> response.close());
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

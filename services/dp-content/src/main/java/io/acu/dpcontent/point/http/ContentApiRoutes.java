package io.acu.dpcontent.point.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.acu.dpcontent.common.SiteSecret;
import io.acu.dpcontent.library.ContentLibrary;
import io.acu.dpcontent.library.HashMismatchException;
import io.acu.dpcontent.library.MissingContentException;
import io.acu.dpcontent.library.PackageContent;
import io.acu.dpcontent.library.PackageFile;
import io.acu.dpcontent.library.StagingFile;
import io.acu.dpcontent.library.StoredFile;
import io.acu.dpcontent.library.ValidationReport;
import io.acu.formats.InvalidValueException;
import io.acu.formats.PackageId;
import io.acu.formats.Sha256;
import io.acu.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A distribution point's content API, under {@value #API}: what the distribution manager calls to put content on this
 * DP. Only the manager may call it (it changes what clients download): every route demands the site's bearer secret
 * ({@link SiteSecret}), else 401 with {@code WWW-Authenticate: Bearer}. Uploads stream to disk; nothing buffers a whole
 * file.
 * <ul>
 *   <li>{@code HEAD /library/<sha256>}: 200 with Content-Length if the library holds the file, else 404;
 *   <li>{@code PUT /library/<sha256>} with the bytes: hashed while written to a staging file, read back from disk and
 *       committed atomically if both hashes match (201); else nothing is kept and the answer is 422 when the content
 *       does not match its hash, 507 when the disk is full, 500 for another storage failure (see {@code refuse});
 *   <li>{@code PUT /packages/<packageId>/<version>} with {@code {"files":[{"name","sha256","sizeBytes"}]}}: makes the
 *       version available (200) once all its files are in the library, else 409 listing the missing ones;
 *   <li>{@code GET /packages}: the available package versions;
 *   <li>{@code POST /validation}: re-hashes the library (content validation), removes damaged files and reports them.
 * </ul>
 * A malformed hash or package index is 400.
 *
 * <p>Every push ({@code PUT /library/<sha256>}) is counted by how it ended, in {@code acu_dp_content_pushes_total}
 * tagged {@code outcome}: {@value #STORED} (a file the library lacked, committed), {@value #ALREADY_HELD} (the whole
 * file received again although the library held it: a wasted transfer, since the manager asks HEAD first),
 * {@value #REFUSED} (answered 4xx/5xx, nothing kept) and {@value #ABORTED} (the connection broke mid-body, e.g. the
 * manager died). The first two are also logged at INFO as {@code content push <sha256> <outcome> (<n> bytes)}, so
 * they can be counted across restarts of the DP.
 */
public final class ContentApiRoutes {

    /** Base path of the content API the distribution manager calls. */
    public static final String API = "/api/dp";

    private static final Logger LOG = Logger.getLogger(ContentApiRoutes.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** Bytes received but not yet written above which the upload is paused until the disk catches up. */
    private static final long MAX_WAITING_BYTES = 4L * 1024 * 1024;
    /** Push outcome: a file the library lacked was committed. */
    public static final String STORED = "stored";
    /** Push outcome: the whole file was received although the library already held it. */
    public static final String ALREADY_HELD = "already-held";
    /** Push outcome: answered with an error, nothing kept. */
    public static final String REFUSED = "refused";
    /** Push outcome: the connection broke before the body ended. */
    public static final String ABORTED = "aborted";
    private static final String PUSHES = "acu.dp.content.pushes";

    private final SiteSecret apiToken;
    private final Vertx vertx;
    private final ContentLibrary library;
    private final MeterRegistry meters;

    /**
     * @param vertx the Vert.x instance (blocking filesystem work runs on its worker pool)
     * @param library this DP's content library
     * @param apiToken the bearer token {@code /api/dp/*} demands (401 without it); empty leaves the API open
     * @param meters where pushes are counted by outcome
     */
    public ContentApiRoutes(Vertx vertx, ContentLibrary library, Optional<String> apiToken, MeterRegistry meters) {
        this.apiToken = new SiteSecret(apiToken);
        this.vertx = vertx;
        this.library = library;
        this.meters = meters;
        for (String outcome : List.of(STORED, ALREADY_HELD, REFUSED, ABORTED)) {
            // Every outcome shows from the start, at 0.
            Counter.builder(PUSHES).tag("outcome", outcome).description("Content pushes this distribution point received, per outcome")
                    .register(meters);
        }
    }

    private void countPush(String outcome) {
        meters.counter(PUSHES, "outcome", outcome).increment();
    }

    /**
     * Adds the content API's routes.
     *
     * @param router the HTTP router
     */
    public void mount(Router router) {
        // The content API changes what clients download: only the distribution manager may call it.
        router.route(API + "/*").handler(this::authorize);
        router.head(API + "/library/:sha256").handler(this::headFile);
        router.put(API + "/library/:sha256").handler(this::putFile);
        router.put(API + "/packages/:packageId/:version").handler(BodyHandler.create().setBodyLimit(4 * 1024 * 1024))
                .handler(this::putPackage);
        router.get(API + "/packages").handler(this::listPackages);
        router.post(API + "/validation").handler(this::validate);
    }

    private void authorize(RoutingContext ctx) {
        if (apiToken.admits(ctx.request().getHeader("Authorization"))) {
            ctx.next();
        } else {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            Problem.of(401, "the content API needs the distribution manager's bearer token").send(ctx.response());
        }
    }

    private void headFile(RoutingContext ctx) {
        Optional<Sha256> hash = hashParam(ctx);
        if (hash.isEmpty()) {
            return;
        }
        vertx.executeBlocking(() -> library.file(hash.get())).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result().isPresent()) {
                ctx.response().putHeader("Content-Length", Long.toString(ar.result().get().sizeBytes())).end();
            } else {
                ctx.response().setStatusCode(404).end();
            }
        });
    }

    private void putFile(RoutingContext ctx) {
        Optional<Sha256> hash = hashParam(ctx);
        if (hash.isEmpty()) {
            return;
        }
        HttpServerRequest request = ctx.request();
        request.pause();
        vertx.executeBlocking(library::newStagingFile, false).onComplete(ar -> {
            if (ar.succeeded()) {
                new Upload(ctx, hash.get(), ar.result()).receive();
            } else {
                // Read the body to its end, so the manager gets the answer rather than a reset connection.
                request.handler(ignored -> { }).endHandler(v -> {
                    countPush(REFUSED);
                    refuse(ctx, hash.get(), 0, ar.cause());
                }).resume();
            }
        });
    }

    /**
     * One {@code PUT /library/<sha256>}: the body is hashed on the event loop and written to the staging file on a
     * worker thread, one write at a time so the bytes stay in order; what arrives while a write runs is gathered and
     * written next, so the file keeps up with the network and a slow disk gets bigger writes. The request is paused
     * while {@link #MAX_WAITING_BYTES} wait to be written. After a failed write nothing more is written, but the body
     * is still read to its end so the manager gets the answer rather than a reset connection. All fields are touched
     * on the request's event loop only.
     */
    private final class Upload {
        private final RoutingContext ctx;
        private final HttpServerRequest request;
        private final Sha256 expected;
        private final StagingFile staged;
        private final Sha256.Hasher hasher = Sha256.hasher();
        private Buffer waiting = Buffer.buffer();
        private long received;
        private boolean writing;
        private Throwable writeFailure;
        private boolean pausedForDisk;
        private boolean ended;
        private boolean aborted;
        private boolean finished;

        Upload(RoutingContext ctx, Sha256 expected, StagingFile staged) {
            this.ctx = ctx;
            this.request = ctx.request();
            this.expected = expected;
            this.staged = staged;
        }

        void receive() {
            request.handler(buffer -> {
                received += buffer.length();
                if (writeFailure != null) {
                    return; // the answer is decided; only drain the body
                }
                hasher.update(buffer.getByteBuf().nioBuffer());
                waiting.appendBuffer(buffer);
                if (waiting.length() >= MAX_WAITING_BYTES && !pausedForDisk) {
                    pausedForDisk = true;
                    request.pause();
                }
                next();
            });
            request.exceptionHandler(e -> {
                aborted = true; // the connection broke: no answer, only clean up
                next();
            });
            request.endHandler(v -> {
                ended = true;
                next();
            });
            request.resume();
        }

        /** Starts the next write if none runs and bytes wait; else, once the body is over, finishes. */
        private void next() {
            if (writing) {
                return;
            }
            if (!aborted && writeFailure == null && waiting.length() > 0) {
                write();
            } else if (aborted || ended) {
                finish();
            }
        }

        private void write() {
            writing = true;
            Buffer bytes = waiting;
            waiting = Buffer.buffer();
            vertx.<Void>executeBlocking(() -> {
                staged.write(bytes.getByteBuf().nioBuffer());
                return null;
            }, false).onComplete(ar -> {
                writing = false;
                if (ar.failed()) {
                    writeFailure = ar.cause();
                    waiting = Buffer.buffer();
                }
                if (pausedForDisk && (waiting.length() < MAX_WAITING_BYTES / 2 || writeFailure != null)) {
                    pausedForDisk = false;
                    request.resume();
                }
                next();
            });
        }

        private void finish() {
            if (finished) {
                return;
            }
            finished = true;
            if (aborted) {
                countPush(ABORTED);
                discard();
            } else if (writeFailure != null) {
                countPush(REFUSED);
                // Answer once the staging file is gone, so a retry finds nothing of this attempt.
                discard().onComplete(deleted -> refuse(ctx, expected, received, writeFailure));
            } else {
                Sha256 actual = hasher.finish();
                vertx.executeBlocking(() -> {
                    boolean held = library.file(expected).isPresent();
                    return new Commit(library.commit(staged, expected, actual), held);
                }, false)
                        .onSuccess(commit -> {
                            String outcome = commit.alreadyHeld() ? ALREADY_HELD : STORED;
                            countPush(outcome);
                            LOG.infof("content push %s %s (%d bytes)", expected.hex(), outcome, commit.file().sizeBytes());
                            ctx.response().setStatusCode(201)
                                    .putHeader("Content-Type", "application/json")
                                    .end(new JsonObject().put("sha256", commit.file().sha256().hex())
                                            .put("sizeBytes", commit.file().sizeBytes()).encode());
                        })
                        .onFailure(e -> {
                            countPush(REFUSED);
                            discard().onComplete(deleted -> refuse(ctx, expected, received, e));
                        });
            }
        }

        /** Deletes the staging file (idempotent), off the event loop. */
        private Future<Void> discard() {
            return vertx.<Void>executeBlocking(() -> {
                library.discard(staged);
                return null;
            }, false).onFailure(e -> LOG.warnf(e, "cannot delete staging file %s", staged.path()));
        }
    }

    /**
     * Answers an upload that was not committed, so the manager knows what happened: 422 when the content is not what
     * its hash says (RFC 9110 §15.5.21); 507 Insufficient Storage when the DP's disk is full (RFC 4918 §11.5: a
     * condition "considered to be temporary"); 500 for any other storage failure, e.g. a staged file that does not read
     * back as written. The manager retries all of these ({@code HttpTransfers}: a push refused with any status is a
     * transient failure), so a full disk delays the distribution instead of failing it.
     */
    private static void refuse(RoutingContext ctx, Sha256 expected, long received, Throwable failure) {
        Throwable cause = failure instanceof UncheckedIOException unchecked ? unchecked.getCause() : failure;
        if (ctx.response().ended() || ctx.response().closed()) {
            LOG.warnf(cause, "upload of %s ended without an answer", expected);
        } else if (cause instanceof HashMismatchException mismatch) {
            LOG.warnf("refused upload of %d bytes: %s", received, mismatch.getMessage());
            Problem.of(422, mismatch.getMessage()).send(ctx.response());
        } else if (cause instanceof IOException io) {
            boolean diskFull = isOutOfSpace(io);
            String detail = (diskFull ? "no space left to store " : "could not store ") + expected + " after " + received
                    + " bytes received, nothing was committed: " + io.getMessage();
            LOG.errorf("upload refused: %s", detail);
            Problem.of(diskFull ? 507 : 500, detail).send(ctx.response());
        } else {
            ctx.fail(failure);
        }
    }

    /**
     * Whether a storage failure is a full disk or an exhausted quota. Java reports ENOSPC and EDQUOT only as the
     * operating system's message, so the message (and its causes') is what tells.
     */
    static boolean isOutOfSpace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded")
                    || message.contains("There is not enough space on the disk"))) {
                return true;
            }
        }
        return false;
    }

    /** A committed push: the file, and whether the library held it before this push. */
    private record Commit(StoredFile file, boolean alreadyHeld) {
    }

    /** JSON body of {@code PUT /packages/<packageId>/<version>}. */
    record PackageIndexBody(List<FileBody> files) {
        record FileBody(String name, String sha256, long sizeBytes) {
        }
    }

    private void putPackage(RoutingContext ctx) {
        PackageContent content;
        try {
            PackageIndexBody body = JSON.readValue(ctx.body().buffer().getBytes(), PackageIndexBody.class);
            content = new PackageContent(PackageId.parse(ctx.pathParam("packageId")), Integer.parseInt(ctx.pathParam("version")),
                    body.files().stream().map(f -> new PackageFile(f.name(), Sha256.parse(f.sha256()), f.sizeBytes())).toList());
        } catch (Exception e) {
            Problem.of(400, "invalid package index: " + e.getMessage()).send(ctx.response());
            return;
        }
        vertx.executeBlocking(() -> library.register(content)).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                        .put("packageId", content.packageId().toString()).put("version", content.version())
                        .put("files", content.files().size()).put("bytes", content.totalBytes()).encode());
            } else if (ar.cause() instanceof MissingContentException missing) {
                Problem.of(409, missing.getMessage()).send(ctx.response());
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    private void listPackages(RoutingContext ctx) {
        List<Map<String, Object>> list = library.packages().stream()
                .map(p -> Map.<String, Object>of("packageId", p.packageId().toString(), "version", p.version(),
                        "files", p.files().size(), "bytes", p.totalBytes()))
                .toList();
        ctx.response().putHeader("Content-Type", "application/json").end(Json.encode(list));
    }

    private void validate(RoutingContext ctx) {
        vertx.executeBlocking(library::validate, false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            try {
                ctx.response().putHeader("Content-Type", "application/json").end(JSON.writeValueAsString(ValidationView.of(ar.result())));
            } catch (Exception e) {
                ctx.fail(e);
            }
        });
    }

    /** JSON form of a {@link ValidationReport}: hashes as hex. */
    record ValidationView(int filesChecked, long bytesChecked, List<Map<String, String>> damaged,
                          List<ValidationReport.PackageVersionRef> affected) {
        static ValidationView of(ValidationReport report) {
            return new ValidationView(report.filesChecked(), report.bytesChecked(), report.damaged().stream()
                    .map(d -> Map.of("expected", d.expected().hex(), "actual", d.actual().hex())).toList(), report.affected());
        }
    }

    private static Optional<Sha256> hashParam(RoutingContext ctx) {
        try {
            return Optional.of(Sha256.parse(ctx.pathParam("sha256")));
        } catch (InvalidValueException e) {
            Problem.of(400, e.getMessage()).send(ctx.response());
            return Optional.empty();
        }
    }
}

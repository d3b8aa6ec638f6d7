package io.acu.dpcontent.point.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.acu.dpcontent.common.SiteSecret;
import io.acu.dpcontent.library.ContentLibrary;
import io.acu.dpcontent.library.HashMismatchException;
import io.acu.dpcontent.library.MissingContentException;
import io.acu.dpcontent.library.PackageContent;
import io.acu.dpcontent.library.PackageFile;
import io.acu.dpcontent.library.ValidationReport;
import io.acu.formats.InvalidValueException;
import io.acu.formats.PackageId;
import io.acu.formats.Sha256;
import io.acu.problem.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * A distribution point's content API, under {@value #API}: what the distribution manager calls to put content on this
 * DP. Only the manager may call it (it changes what clients download): every route demands the site's bearer secret
 * ({@link SiteSecret}), else 401 with {@code WWW-Authenticate: Bearer}. Uploads stream to disk; nothing buffers a whole
 * file.
 * <ul>
 *   <li>{@code HEAD /library/<sha256>}: 200 with Content-Length if the library holds the file, else 404;
 *   <li>{@code PUT /library/<sha256>} with the bytes: hashed while written to a staging file, committed atomically
 *       if the hash matches (201), else refused with 422 and nothing kept;
 *   <li>{@code PUT /packages/<packageId>/<version>} with {@code {"files":[{"name","sha256","sizeBytes"}]}}: makes the
 *       version available (200) once all its files are in the library, else 409 listing the missing ones;
 *   <li>{@code GET /packages}: the available package versions;
 *   <li>{@code POST /validation}: re-hashes the library (content validation), removes damaged files and reports them.
 * </ul>
 * A malformed hash or package index is 400.
 */
public final class ContentApiRoutes {

    /** Base path of the content API the distribution manager calls. */
    public static final String API = "/api/dp";

    private static final Logger LOG = Logger.getLogger(ContentApiRoutes.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final SiteSecret apiToken;
    private final Vertx vertx;
    private final ContentLibrary library;

    /**
     * @param vertx the Vert.x instance (blocking filesystem work runs on its worker pool)
     * @param library this DP's content library
     * @param apiToken the bearer token {@code /api/dp/*} demands (401 without it); empty leaves the API open
     */
    public ContentApiRoutes(Vertx vertx, ContentLibrary library, Optional<String> apiToken) {
        this.apiToken = new SiteSecret(apiToken);
        this.vertx = vertx;
        this.library = library;
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
        vertx.executeBlocking(library::newStagingFile).compose(staged -> vertx.fileSystem()
                        .open(staged.toString(), new OpenOptions().setWrite(true).setRead(false).setCreate(false))
                        .onFailure(e -> library.discard(staged))
                        .map(file -> Map.entry(staged, file)))
                .onFailure(ctx::fail)
                .onSuccess(entry -> receive(ctx, hash.get(), entry.getKey(), entry.getValue()));
    }

    /** Streams the request body into the staging file, hashing it, then verifies and commits. */
    private void receive(RoutingContext ctx, Sha256 expected, Path staged, AsyncFile file) {
        HttpServerRequest request = ctx.request();
        Sha256.Hasher hasher = Sha256.hasher();
        AtomicLong received = new AtomicLong();
        request.handler(buffer -> {
            hasher.update(buffer.getByteBuf().nioBuffer());
            received.addAndGet(buffer.length());
            file.write(buffer);
            if (file.writeQueueFull()) {
                request.pause();
                file.drainHandler(v -> request.resume());
            }
        });
        request.exceptionHandler(e -> file.close().onComplete(v -> vertx.executeBlocking(() -> {
            library.discard(staged);
            return null;
        })));
        request.endHandler(v -> file.close()
                .compose(closed -> vertx.executeBlocking(() -> library.commit(staged, expected, hasher.finish())))
                .onSuccess(committed -> ctx.response().setStatusCode(201)
                        .putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("sha256", committed.sha256().hex())
                                .put("sizeBytes", committed.sizeBytes()).encode()))
                .onFailure(e -> {
                    if (e instanceof HashMismatchException mismatch) {
                        LOG.warnf("refused upload of %d bytes: %s", received.get(), mismatch.getMessage());
                        Problem.of(422, mismatch.getMessage()).send(ctx.response());
                    } else {
                        vertx.executeBlocking(() -> {
                            library.discard(staged);
                            return null;
                        });
                        ctx.fail(e);
                    }
                }));
        request.resume();
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

package io.acu.dpcontent.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.acu.dpcontent.common.Problems;
import io.acu.dpcontent.common.SiteSecret;
import io.acu.dpcontent.domain.ByteRange;
import io.acu.dpcontent.domain.ContentRequestPath;
import io.acu.dpcontent.domain.IfRange;
import io.acu.dpcontent.domain.MultipartByteRanges;
import io.acu.dpcontent.domain.RangeRequest;
import io.acu.dpcontent.library.ContentLibrary;
import io.acu.dpcontent.library.HashMismatchException;
import io.acu.dpcontent.library.MissingContentException;
import io.acu.dpcontent.library.PackageContent;
import io.acu.dpcontent.library.PackageFile;
import io.acu.dpcontent.library.StoredFile;
import io.acu.dpcontent.library.ValidationReport;
import io.acu.formats.InvalidValueException;
import io.acu.formats.PackageId;
import io.acu.formats.Sha256;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The HTTP side of a distribution point, on plain Vert.x routes so files stream from disk (zero-copy
 * {@code sendFile} where Vert.x allows) and uploads stream to disk; nothing buffers a whole file.
 *
 * <p>Clients (ConfigMgr's ccmsetup/BITS): {@code GET}/{@code HEAD /SMS_DP_SMSPKG$/<packageId>[.<version>]/<path>}
 * per RFC 9110: {@code Accept-Ranges: bytes}, strong {@code ETag} = the quoted SHA-256, {@code Last-Modified},
 * {@code If-None-Match} → 304, a single Range → 206 with Content-Range, several → 206 {@code multipart/byteranges},
 * {@code If-Range}, 416 with {@code Content-Range: bytes *}{@code /size}, 404 for an unknown package or file, 400 for
 * an unsafe path (see {@link ContentRequestPath}).
 *
 * <p>Distribution manager (content API, under {@value #API}):
 * <ul>
 *   <li>{@code HEAD /library/<sha256>}: 200 with Content-Length if the library holds the file, else 404;
 *   <li>{@code PUT /library/<sha256>} with the bytes: hashed while written to a staging file, committed atomically
 *       if the hash matches (201), else refused with 422 and nothing kept;
 *   <li>{@code PUT /packages/<packageId>/<version>} with {@code {"files":[{"name","sha256","sizeBytes"}]}}: makes the
 *       version available (200) once all its files are in the library, else 409 listing the missing ones;
 *   <li>{@code GET /packages}: the available package versions;
 *   <li>{@code POST /validation}: re-hashes the library (content validation), removes damaged files and reports them.
 * </ul>
 */
public final class DistributionPointRoutes {

    /** Base path of the content API the distribution manager calls. */
    public static final String API = "/api/dp";
    /** Regex of the client path: the share name, literal or with {@code $} percent-encoded. */
    static final String CLIENT_PATH_REGEX = "^/SMS_DP_SMSPKG(\\$|%24)/.*";

    private static final Logger LOG = Logger.getLogger(DistributionPointRoutes.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String OCTETS = "application/octet-stream";

    private final SiteSecret apiToken;
    private final Vertx vertx;
    private final ContentLibrary library;
    private final Counter bytesServed;
    private final Counter partialResponses;
    /** ETag and Last-Modified of the files served, formatted once per file rather than per request. */
    private final Map<Sha256, Validators> validators = new ConcurrentHashMap<>();

    /** The validator headers of one stored file. */
    private record Validators(StoredFile file, String etag, String lastModified) {
        static Validators of(StoredFile file) {
            return new Validators(file, "\"" + file.sha256().hex() + "\"", IfRange.httpDate(file.committedAt()));
        }
    }

    /**
     * @param vertx the Vert.x instance (blocking filesystem work runs on its worker pool)
     * @param library this DP's content library
     * @param meters where to count {@code acu.dp.bytes.served} and {@code acu.dp.responses.partial} (206s)
     */
    public DistributionPointRoutes(Vertx vertx, ContentLibrary library, MeterRegistry meters) {
        this(vertx, library, meters, Optional.empty());
    }

    /**
     * @param vertx the Vert.x instance (blocking filesystem work runs on its worker pool)
     * @param library this DP's content library
     * @param meters where to count bytes served and 206 responses
     * @param apiToken the bearer token {@code /api/dp/*} demands (401 without it); empty leaves the API open
     */
    public DistributionPointRoutes(Vertx vertx, ContentLibrary library, MeterRegistry meters, Optional<String> apiToken) {
        this.apiToken = new SiteSecret(apiToken);
        this.vertx = vertx;
        this.library = library;
        this.bytesServed = Counter.builder("acu.dp.bytes.served").baseUnit("bytes")
                .description("Package content bytes sent to clients").register(meters);
        this.partialResponses = Counter.builder("acu.dp.responses.partial")
                .description("206 Partial Content responses").register(meters);
    }

    /**
     * Adds the client and content-API routes.
     *
     * @param router the HTTP router
     */
    public void mount(Router router) {
        router.routeWithRegex(HttpMethod.GET, CLIENT_PATH_REGEX).handler(this::serve);
        router.routeWithRegex(HttpMethod.HEAD, CLIENT_PATH_REGEX).handler(this::serve);
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
            Problems.send(ctx.response(), 401, "Unauthorized", "the content API needs the distribution manager's bearer token");
        }
    }

    // ---- clients ----

    private void serve(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        String raw = request.path();
        String rest = raw.substring(raw.indexOf('/', 1) + 1);
        ContentRequestPath path;
        try {
            path = ContentRequestPath.parse(rest);
        } catch (ContentRequestPath.RefusedPathException e) {
            Problems.send(response, 400, "Bad Request", e.getMessage());
            return;
        }
        Optional<PackageContent> content = path.version().isPresent()
                ? library.version(path.packageId(), path.version().getAsInt())
                : library.current(path.packageId());
        if (content.isEmpty()) {
            Problems.send(response, 404, "Not Found", "package " + path.packageId()
                    + path.version().stream().mapToObj(v -> " v" + v).findFirst().orElse("") + " is not on this distribution point");
            return;
        }
        Optional<PackageFile> file = content.get().file(path.fileName());
        // From the library's memory: no filesystem lookup on the event loop before sendFile.
        Optional<StoredFile> stored = file.flatMap(f -> library.servedFile(f.sha256()));
        if (stored.isEmpty()) {
            Problems.send(response, 404, "Not Found", "no file " + path.fileName() + " in " + path.packageId() + " v" + content.get().version());
            return;
        }
        send(request, response, stored.get());
    }

    private void send(HttpServerRequest request, HttpServerResponse response, StoredFile file) {
        long size = file.sizeBytes();
        Validators known = validators.get(file.sha256());
        if (known == null || known.file() != file) {
            known = Validators.of(file);
            validators.put(file.sha256(), known);
        }
        String etag = known.etag();
        response.putHeader("Accept-Ranges", "bytes").putHeader("ETag", etag).putHeader("Last-Modified", known.lastModified());
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.trim().equals("*") || List.of(ifNoneMatch.split(",")).stream()
                .map(String::trim).map(t -> t.startsWith("W/") ? t.substring(2) : t).anyMatch(etag::equals))) {
            response.setStatusCode(304).end();
            return;
        }
        boolean head = request.method() == HttpMethod.HEAD;
        RangeRequest.Outcome outcome = IfRange.permitsRange(request.getHeader("If-Range"), etag, file.committedAt())
                ? RangeRequest.evaluate(request.getHeader("Range"), size)
                : new RangeRequest.Whole();
        if (outcome instanceof RangeRequest.Unsatisfiable) {
            response.setStatusCode(416).putHeader("Content-Range", "bytes */" + size).putHeader("Content-Length", "0").end();
        } else if (outcome instanceof RangeRequest.Partial partial && partial.ranges().size() == 1) {
            ByteRange range = partial.ranges().get(0);
            partialResponses.increment();
            response.setStatusCode(206).putHeader("Content-Type", OCTETS).putHeader("Content-Range", range.contentRange(size));
            sendRange(response, head, file, range.first(), range.length());
        } else if (outcome instanceof RangeRequest.Partial partial) {
            partialResponses.increment();
            String boundary = HexFormat.of().formatHex(randomBytes());
            MultipartByteRanges body = new MultipartByteRanges(partial.ranges(), size, OCTETS, boundary);
            response.setStatusCode(206).putHeader("Content-Type", body.contentType())
                    .putHeader("Content-Length", Long.toString(body.contentLength()));
            if (head) {
                response.end();
            } else {
                sendParts(response, file.path(), body, 0);
            }
        } else {
            response.setStatusCode(200).putHeader("Content-Type", OCTETS);
            sendRange(response, head, file, 0, size);
        }
    }

    /** Sends bytes of the file zero-copy ({@code sendFile}: the kernel moves them from the page cache to the socket). */
    private void sendRange(HttpServerResponse response, boolean head, StoredFile file, long offset, long length) {
        if (head) {
            response.putHeader("Content-Length", Long.toString(length)).end();
            return;
        }
        response.sendFile(file.path().toString(), offset, length).onSuccess(v -> bytesServed.increment(length))
                .onFailure(e -> {
                    if (!response.headWritten()) {
                        // Gone from disk behind the library's back: look it up afresh next time.
                        library.forget(file.sha256());
                        response.headers().remove("ETag").remove("Last-Modified").remove("Content-Range");
                        Problems.send(response, 404, "Not Found", "file " + file.sha256() + " is no longer on this distribution point");
                    } else {
                        LOG.debugf("sending %s aborted: %s", file.path(), e.getMessage());
                    }
                });
    }

    /** Writes part {@code index} (header, then its bytes piped from disk), then the next; the trailer after the last. */
    private void sendParts(HttpServerResponse response, Path path, MultipartByteRanges body, int index) {
        if (index == body.parts().size()) {
            response.end(Buffer.buffer(body.trailer()));
            return;
        }
        MultipartByteRanges.Part part = body.parts().get(index);
        response.write(Buffer.buffer(part.header()));
        vertx.fileSystem().open(path.toString(), new OpenOptions().setRead(true).setWrite(false))
                .compose(file -> {
                    file.setReadPos(part.range().first()).setReadLength(part.range().length());
                    return file.pipe().endOnComplete(false).to(response)
                            .eventually(v -> file.close());
                })
                .onSuccess(v -> {
                    bytesServed.increment(part.range().length());
                    sendParts(response, path, body, index + 1);
                })
                .onFailure(e -> {
                    LOG.debugf("multipart response for %s aborted: %s", path, e.getMessage());
                    response.reset();
                });
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    // ---- distribution manager ----

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
                        Problems.send(ctx.response(), 422, "Unprocessable Content", mismatch.getMessage());
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
            Problems.send(ctx.response(), 400, "Bad Request", "invalid package index: " + e.getMessage());
            return;
        }
        vertx.executeBlocking(() -> library.register(content)).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                        .put("packageId", content.packageId().toString()).put("version", content.version())
                        .put("files", content.files().size()).put("bytes", content.totalBytes()).encode());
            } else if (ar.cause() instanceof MissingContentException missing) {
                Problems.send(ctx.response(), 409, "Conflict", missing.getMessage());
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
            Problems.send(ctx.response(), 400, "Bad Request", e.getMessage());
            return Optional.empty();
        }
    }
}

package io.acu.dpcontent.point.http;

import io.acu.dpcontent.library.ContentLibrary;
import io.acu.dpcontent.library.PackageContent;
import io.acu.dpcontent.library.PackageFile;
import io.acu.dpcontent.library.StoredFile;
import io.acu.dpcontent.point.ContentRequestPath;
import io.acu.dpcontent.point.DownloadDecision;
import io.acu.dpcontent.point.IfRange;
import io.acu.dpcontent.point.MultipartByteRanges;
import io.acu.formats.Sha256;
import io.acu.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * A distribution point's client downloads (ConfigMgr's ccmsetup/BITS), on plain Vert.x routes so files stream from
 * disk (zero-copy {@code sendFile} where Vert.x allows); nothing buffers a whole file.
 *
 * <p>{@code GET}/{@code HEAD /SMS_DP_SMSPKG$/<packageId>[.<version>]/<path>} per RFC 9110: {@code Accept-Ranges:
 * bytes}, strong {@code ETag} = the quoted SHA-256, {@code Last-Modified}, {@code If-None-Match} → 304, a single
 * Range → 206 with Content-Range, several → 206 {@code multipart/byteranges}, {@code If-Range}, 416 with
 * {@code Content-Range: bytes *}{@code /size} (which one: {@link DownloadDecision}), 404 for an unknown package or
 * file, 400 for an unsafe path (see {@link ContentRequestPath}). Public, like a DP's package share.
 */
public final class ClientDownloadRoutes {

    /** Regex of the client path: the share name, literal or with {@code $} percent-encoded. */
    static final String CLIENT_PATH_REGEX = "^/SMS_DP_SMSPKG(\\$|%24)/.*";

    private static final Logger LOG = Logger.getLogger(ClientDownloadRoutes.class);
    private static final String OCTETS = "application/octet-stream";

    private final Vertx vertx;
    private final ContentLibrary library;
    private final Counter bytesServed;
    private final Counter partialResponses;
    /** ETag and Last-Modified of the files served, formatted once per file rather than per request. */
    private final Map<Sha256, Validators> validators = new ConcurrentHashMap<>();

    /** The validator headers of one stored file, and the file as the download decision sees it. */
    private record Validators(StoredFile file, String lastModified, DownloadDecision.Representation representation) {
        static Validators of(StoredFile file) {
            return new Validators(file, IfRange.httpDate(file.committedAt()), new DownloadDecision.Representation(
                    "\"" + file.sha256().hex() + "\"", file.committedAt(), file.sizeBytes(), OCTETS));
        }
    }

    /**
     * @param vertx the Vert.x instance (multipart parts are read from disk through its file system)
     * @param library this DP's content library
     * @param meters where to count {@code acu_dp_served_bytes_total} and {@code acu_dp_responses_partial_total} (206s)
     */
    public ClientDownloadRoutes(Vertx vertx, ContentLibrary library, MeterRegistry meters) {
        this.vertx = vertx;
        this.library = library;
        this.bytesServed = Counter.builder("acu.dp.served").baseUnit("bytes")
                .description("Package content bytes sent to clients").register(meters);
        this.partialResponses = Counter.builder("acu.dp.responses.partial")
                .description("206 Partial Content responses").register(meters);
    }

    /**
     * Adds the client routes.
     *
     * @param router the HTTP router
     */
    public void mount(Router router) {
        router.routeWithRegex(HttpMethod.GET, CLIENT_PATH_REGEX).handler(this::serve);
        router.routeWithRegex(HttpMethod.HEAD, CLIENT_PATH_REGEX).handler(this::serve);
    }

    private void serve(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        String raw = request.path();
        String rest = raw.substring(raw.indexOf('/', 1) + 1);
        ContentRequestPath path;
        try {
            path = ContentRequestPath.parse(rest);
        } catch (ContentRequestPath.RefusedPathException e) {
            Problem.of(400, e.getMessage()).send(response);
            return;
        }
        Optional<PackageContent> content = path.version().isPresent()
                ? library.version(path.packageId(), path.version().getAsInt())
                : library.current(path.packageId());
        if (content.isEmpty()) {
            Problem.of(404, "package " + path.packageId()
                    + path.version().stream().mapToObj(v -> " v" + v).findFirst().orElse("") + " is not on this distribution point").send(response);
            return;
        }
        Optional<PackageFile> file = content.get().file(path.fileName());
        // From the library's memory: no filesystem lookup on the event loop before sendFile.
        Optional<StoredFile> stored = file.flatMap(f -> library.servedFile(f.sha256()));
        if (stored.isEmpty()) {
            Problem.of(404, "no file " + path.fileName() + " in " + path.packageId() + " v" + content.get().version()).send(response);
            return;
        }
        send(request, response, stored.get());
    }

    /** Renders the {@link DownloadDecision} for one stored file. */
    private void send(HttpServerRequest request, HttpServerResponse response, StoredFile file) {
        Validators known = validators.get(file.sha256());
        if (known == null || known.file() != file) {
            known = Validators.of(file);
            validators.put(file.sha256(), known);
        }
        response.putHeader("Accept-Ranges", "bytes").putHeader("ETag", known.representation().etag())
                .putHeader("Last-Modified", known.lastModified());
        DownloadDecision.Response decision = DownloadDecision.decide(new DownloadDecision.Request(
                request.getHeader("If-None-Match"), request.getHeader("If-Range"), request.getHeader("Range")),
                known.representation(), ClientDownloadRoutes::newBoundary);
        boolean head = request.method() == HttpMethod.HEAD;
        response.setStatusCode(decision.status());
        if (decision instanceof DownloadDecision.NotModified) {
            response.end();
        } else if (decision instanceof DownloadDecision.NotSatisfiable unsatisfiable) {
            response.putHeader("Content-Range", unsatisfiable.contentRange()).putHeader("Content-Length", "0").end();
        } else if (decision instanceof DownloadDecision.SingleRange single) {
            partialResponses.increment();
            response.putHeader("Content-Type", OCTETS).putHeader("Content-Range", single.contentRange());
            sendRange(response, head, file, single.range().first(), single.range().length());
        } else if (decision instanceof DownloadDecision.MultipleRanges multiple) {
            partialResponses.increment();
            MultipartByteRanges body = multiple.body();
            response.putHeader("Content-Type", body.contentType()).putHeader("Content-Length", Long.toString(body.contentLength()));
            if (head) {
                response.end();
            } else {
                sendParts(response, file.path(), body, 0);
            }
        } else {
            DownloadDecision.WholeFile whole = (DownloadDecision.WholeFile) decision;
            response.putHeader("Content-Type", OCTETS);
            sendRange(response, head, file, 0, whole.sizeBytes());
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
                        Problem.of(404, "file " + file.sha256() + " is no longer on this distribution point").send(response);
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

    /** @return a fresh multipart boundary: 12 random bytes in hex, which no content will contain by chance */
    private static String newBoundary() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

package io.acu.dpcontent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.acu.dpcontent.library.ContentLibrary;
import io.acu.dpcontent.library.fs.FileSystemContentStore;
import io.acu.formats.Sha256;
import io.acu.dpcontent.point.http.ClientDownloadRoutes;
import io.acu.dpcontent.point.http.ContentApiRoutes;
import io.acu.infra.LocalPorts;
import io.acu.infra.WorkDirs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * What the distribution tests need around the service under test, started before it:
 * <ul>
 *   <li>a <b>source share</b> (manifest-builder's {@code GET /source/{packageId}/{version}/{file}}), serving files the
 *       test puts in it and logging every request;
 *   <li>a <b>second distribution point</b> {@code dp02}: the production {@link ClientDownloadRoutes} and
 *       {@link ContentApiRoutes} over its own content library on a separate Vert.x server, reached through a proxy
 *       that can play <b>down</b> (503) or <b>corrupt the next upload</b> (one flipped byte), to show retries and the
 *       DP's hash check.
 * </ul>
 * The service itself is {@code dp01} (manager + DP roles), on a port chosen here so its DP URL is known up front.
 */
public class DistributionFixture implements QuarkusTestResourceLifecycleManager {

    /** The proxy's behaviour towards the manager. */
    public enum Mode { UP, DOWN, CORRUPT_NEXT_UPLOAD }

    /** The bearer token the source share demands (manifest-builder's acu-dp-content service token). */
    static final String SOURCE_TOKEN = "dp-content-service-token";
    /** The bearer token every DP's content API demands and the manager presents. */
    public static final String CONTENT_API_TOKEN = "dp-content-api-token";

    private final Map<String, byte[]> sourceFiles = new ConcurrentHashMap<>();
    private final Map<String, Integer> sourceFailures = new ConcurrentHashMap<>();
    private final java.util.concurrent.CountDownLatch uploadStalled = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch releaseUpload = new java.util.concurrent.CountDownLatch(1);
    private final List<String> sourceRequests = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.UP;
    private volatile String stallUploadOf;
    private HttpServer source;
    private HttpServer proxy;
    private Vertx vertx;
    private int dp02Port;
    private Path dp02Library;
    private ContentLibrary dp02;
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public Map<String, String> start() {
        try {
            Path run = WorkDirs.newRunDir("dp-content-test");
            dp02Library = run.resolve("dp02");
            dp02 = ContentLibrary.open(FileSystemContentStore.open(dp02Library));
            vertx = Vertx.vertx();
            Router router = Router.router(vertx);
            new ClientDownloadRoutes(vertx, dp02, new SimpleMeterRegistry()).mount(router);
            new ContentApiRoutes(vertx, dp02, java.util.Optional.of(CONTENT_API_TOKEN), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).mount(router);
            dp02Port = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1")).requestHandler(router).listen(0)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).actualPort();

            source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            source.createContext("/source/", this::serveSource);
            source.start();
            proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            proxy.createContext("/", this::forward);
            proxy.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
            proxy.start();

            int appPort = LocalPorts.freePort();
            return Map.ofEntries(
                    Map.entry("quarkus.http.test-port", Integer.toString(appPort)),
                    Map.entry("dp-content.dp.library-dir", run.resolve("dp01").toString()),
                    Map.entry("dp-content.manager.library-dir", run.resolve("site").toString()),
                    Map.entry("dp-content.manager.source-token", SOURCE_TOKEN),
                    Map.entry("dp-content.manager.source-share-url", sourceUrl()),
                    Map.entry("dp-content.content-api-token", CONTENT_API_TOKEN),
                    Map.entry("dp-content.manager.max-attempts", "4"),
                    Map.entry("dp-content.manager.initial-backoff", "500ms"),
                    Map.entry("dp-content.manager.max-backoff", "2S"),
                    Map.entry("dp-content.manager.poll-interval", "200ms"),
                    Map.entry("dp-content.manager.content-check-interval", "1s"),
                    Map.entry("dp-content.directory.points.dp01.content-api-url", "http://127.0.0.1:" + appPort),
                    Map.entry("dp-content.directory.points.dp01.boundary-groups", "BG-HQ,10.1.0.0/16"),
                    Map.entry("dp-content.directory.points.dp02.content-api-url", "http://127.0.0.1:" + proxy.getAddress().getPort()),
                    Map.entry("dp-content.directory.points.dp02.client-url", dp02Url()),
                    Map.entry("dp-content.directory.points.dp02.boundary-groups", "BG-Branch,10.2.0.0/16"),
                    Map.entry("dp-content.directory.points.dp03-retired.boundary-groups", "BG-HQ"),
                    Map.entry("dp-content.directory.points.dp03-retired.content-api-url", "http://127.0.0.1:9"),
                    Map.entry("dp-content.directory.points.dp03-retired.enabled", "false"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the distribution fixture", e);
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(this, new TestInjector.MatchesType(DistributionFixture.class));
    }

    @Override
    public void stop() {
        if (source != null) {
            source.stop(0);
            proxy.stop(0);
            vertx.close();
        }
    }

    /** @return the source share's base URL, e.g. {@code http://127.0.0.1:41234/source/} */
    public String sourceUrl() {
        return "http://127.0.0.1:" + source.getAddress().getPort() + "/source/";
    }

    /** Puts a file on the source share at {@code /source/<path>}, e.g. {@code CAS00006/5/SCEPInstall.exe}. */
    public void putSource(String path, byte[] content) {
        sourceFiles.put(path, content);
    }

    /**
     * Makes the source share answer a status instead of the file at {@code /source/<path>}.
     *
     * @param path e.g. {@code CAS00012/1/missing.exe}
     * @param status e.g. 503, or 0 to serve the file again
     */
    public void failSource(String path, int status) {
        if (status == 0) {
            sourceFailures.remove(path);
        } else {
            sourceFailures.put(path, status);
        }
    }

    /**
     * Makes the next upload of a file to dp02 reach it only half way, then hang (as a transfer does when the manager
     * dies mid-way) until {@link #releaseStalledUpload()}, which breaks the connection off.
     *
     * @param sha256 the file's hash
     */
    public void stallUpload(Sha256 sha256) {
        stallUploadOf = sha256.hex();
    }

    /** Waits until the upload chosen with {@link #stallUpload} reached dp02 half way. */
    public void awaitStalledUpload() throws InterruptedException {
        if (!uploadStalled.await(45, TimeUnit.SECONDS)) {
            throw new AssertionError("no upload stalled");
        }
    }

    /** Lets the stalled upload end: its connection to dp02 is broken off, the rest never sent. */
    public void releaseStalledUpload() {
        releaseUpload.countDown();
    }

    /** @return the paths requested from the source share so far, in order */
    public List<String> sourceRequests() {
        return List.copyOf(sourceRequests);
    }

    /** @param mode how dp02's proxy behaves from now on */
    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** @return dp02's content library (the same one its server uses) */
    public ContentLibrary dp02() {
        return dp02;
    }

    /** @return dp02's library directory */
    public Path dp02Library() {
        return dp02Library;
    }

    /** @return dp02's direct URL (not through the proxy), for client downloads */
    public String dp02Url() {
        return "http://127.0.0.1:" + dp02Port;
    }

    private void serveSource(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring("/source/".length());
        sourceRequests.add(path);
        byte[] body = sourceFiles.get(path);
        try (exchange) {
            // Like manifest-builder, the share serves dp-content's service token only.
            if (!("Bearer " + SOURCE_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
            } else if (sourceFailures.containsKey(path)) {
                exchange.sendResponseHeaders(sourceFailures.get(path), -1);
            } else if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** Forwards to dp02 (test files are small, so bodies are buffered here), unless down; may corrupt one upload. */
    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (mode == Mode.DOWN) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = exchange.getRequestMethod();
            if (mode == Mode.CORRUPT_NEXT_UPLOAD && method.equals("PUT") && exchange.getRequestURI().getPath().contains("/library/")
                    && body.length > 0) {
                body[body.length / 2] ^= 0x5A;
                mode = Mode.UP;
            }
            String stall = stallUploadOf;
            if (stall != null && method.equals("PUT") && exchange.getRequestURI().getPath().endsWith("/library/" + stall)) {
                stallUploadOf = null;
                stallHalfWay(exchange, body);
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(dp02Url() + exchange.getRequestURI()))
                    .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type != null) {
                request.header("Content-Type", type);
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().firstValue("Content-Type").ifPresent(t -> exchange.getResponseHeaders().add("Content-Type", t));
            boolean noBody = method.equals("HEAD") || response.body().length == 0;
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : response.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends dp02 the upload's headers and the first half of its bytes, then hangs until released and breaks off. */
    private void stallHalfWay(HttpExchange exchange, byte[] body) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", dp02Port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + exchange.getRequestURI() + " HTTP/1.1\r\nHost: 127.0.0.1:" + dp02Port + "\r\nAuthorization: "
                    + exchange.getRequestHeaders().getFirst("Authorization") + "\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            uploadStalled.countDown();
            releaseUpload.await(60, TimeUnit.SECONDS);
            socket.setSoLinger(true, 0); // reset, as a dead peer's connection ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

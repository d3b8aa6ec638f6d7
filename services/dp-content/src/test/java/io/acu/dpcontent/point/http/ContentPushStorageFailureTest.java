package io.acu.dpcontent.point.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.acu.dpcontent.directory.DistributionPoint;
import io.acu.dpcontent.library.ContentLibrary;
import io.acu.dpcontent.library.PackageFile;
import io.acu.dpcontent.library.StoredFile;
import io.acu.dpcontent.library.fs.FaultyStagingChannels;
import io.acu.dpcontent.library.fs.FaultyStagingChannels.Fault;
import io.acu.dpcontent.manager.ContentTransfer;
import io.acu.dpcontent.manager.ContentTransfer.DistributionException;
import io.acu.dpcontent.manager.client.HttpTransfers;
import io.acu.formats.Sha256;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DP's content API when its storage fails under a push (the production {@link ContentApiRoutes} on a Vert.x server,
 * over a library whose staging channels misbehave): the push gets an error the distribution manager retries, nothing
 * is committed or left in Staging, and the next push succeeds.
 */
class ContentPushStorageFailureTest {

    /** Large enough to arrive in many network reads, written in several writes. */
    private static final byte[] CAB = bytes(11, 1024 * 1024 + 77);
    private static final Sha256 CAB_HASH = Sha256.compute(CAB);

    @TempDir
    Path dir;

    private final FaultyStagingChannels channels = new FaultyStagingChannels();
    private final HttpClient http = HttpClient.newHttpClient();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Vertx vertx;
    private Path library;
    private int port;

    @BeforeEach
    void startDistributionPoint() throws Exception {
        library = dir.resolve("dp");
        ContentLibrary content = ContentLibrary.open(channels.open(library));
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        new ContentApiRoutes(vertx, content, Optional.empty(), meters).mount(router);
        port = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1")).requestHandler(router).listen(0)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aFullDiskIs507WhichTheManagerRetriesAndNothingIsCommitted() throws Exception {
        channels.inject(Fault.DISK_FULL);

        HttpResponse<String> refused = put(CAB);
        assertThat(refused.statusCode()).isEqualTo(507);
        assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonObject problem = new JsonObject(refused.body());
        assertThat(problem.getString("title")).isEqualTo("Insufficient Storage");
        assertThat(problem.getString("detail")).isEqualTo("no space left to store " + CAB_HASH + " after " + CAB.length
                + " bytes received, nothing was committed: No space left on device");
        assertNothingKept();

        DistributionException failure = catchThrowableOfType(() -> push(CAB), DistributionException.class);
        assertThat(failure.permanent()).as("a full disk is retried, not INSTALL_FAILED at once").isFalse();
        assertThat(failure.getMessage()).startsWith("dp02 refused ccmsetup.cab (507): no space left to store " + CAB_HASH);
        assertNothingKept();

        channels.inject(Fault.NONE);
        push(CAB);
        assertCommitted();
        assertThat(pushes(ContentApiRoutes.REFUSED)).as("the two refused pushes").isEqualTo(2);
        assertThat(pushes(ContentApiRoutes.STORED)).isEqualTo(1);
        assertThat(pushes(ContentApiRoutes.ALREADY_HELD)).isZero();
    }

    @Test
    void aFileSentAgainAlthoughHeldIsCountedAsAWastedPush() throws Exception {
        assertThat(put(CAB).statusCode()).isEqualTo(201);
        assertThat(put(CAB).statusCode()).isEqualTo(201);

        assertCommitted();
        assertThat(pushes(ContentApiRoutes.STORED)).isEqualTo(1);
        assertThat(pushes(ContentApiRoutes.ALREADY_HELD)).isEqualTo(1);
        assertThat(pushes(ContentApiRoutes.REFUSED)).isZero();
    }

    private double pushes(String outcome) {
        return meters.get("acu.dp.content.pushes").tag("outcome", outcome).counter().count();
    }

    @Test
    void aStagedFileThatDoesNotReadBackAsWrittenIs500AndNotCommitted() throws Exception {
        channels.inject(Fault.LOSES_BYTES);

        HttpResponse<String> refused = put(CAB);
        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(new JsonObject(refused.body()).getString("detail"))
                .startsWith("could not store " + CAB_HASH + " after " + CAB.length + " bytes received, nothing was committed: staged file ")
                .contains("does not hold what was written: expected " + CAB_HASH + " (" + CAB.length + " bytes), read back ")
                .endsWith(" (" + (CAB.length - FaultyStagingChannels.LOST_BYTES) + " bytes)");
        assertNothingKept();
        DistributionException failure = catchThrowableOfType(() -> push(CAB), DistributionException.class);
        assertThat(failure.permanent()).isFalse();

        channels.inject(Fault.NONE);
        assertThat(put(CAB).statusCode()).isEqualTo(201);
        assertCommitted();
    }

    @Test
    void shortWritesStillCommitEveryByte() throws Exception {
        channels.inject(Fault.SHORT_WRITES);

        HttpResponse<String> created = put(CAB);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(new JsonObject(created.body()).getLong("sizeBytes")).isEqualTo(CAB.length);
        assertCommitted();
    }

    private void assertNothingKept() throws Exception {
        assertThat(head().statusCode()).isEqualTo(404);
        assertThat(Files.exists(fileLibPath())).isFalse();
        try (Stream<Path> staged = Files.list(library.resolve("Staging"))) {
            assertThat(staged.toList()).isEmpty();
        }
    }

    private void assertCommitted() throws Exception {
        HttpResponse<String> head = head();
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).contains(Integer.toString(CAB.length));
        assertThat(Sha256.compute(fileLibPath())).isEqualTo(CAB_HASH);
        assertThat(Files.readAllBytes(fileLibPath())).isEqualTo(CAB);
    }

    private Path fileLibPath() {
        return library.resolve("FileLib").resolve(CAB_HASH.hex().substring(0, 4)).resolve(CAB_HASH.hex());
    }

    private HttpResponse<String> put(byte[] content) throws Exception {
        return http.send(HttpRequest.newBuilder(api("library/" + Sha256.compute(content)))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> head() throws Exception {
        return http.send(HttpRequest.newBuilder(api("library/" + CAB_HASH)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Pushes as the distribution manager does, from a file in its site library. */
    private void push(byte[] content) throws Exception {
        Path site = Files.write(dir.resolve("site-" + Sha256.compute(content).hex()), content);
        DistributionPoint dp02 = new DistributionPoint("dp02", URI.create("http://127.0.0.1:" + port), URI.create("http://127.0.0.1:" + port),
                List.of(), true);
        ContentTransfer.Target target = new HttpTransfers(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30), Optional.empty(),
                Optional.empty(), Optional.empty()).target(dp02);
        Sha256 hash = Sha256.compute(content);
        target.push(new PackageFile("ccmsetup.cab", hash, content.length), new StoredFile(hash, site, content.length, Instant.now()));
    }

    private URI api(String path) {
        return URI.create("http://127.0.0.1:" + port + ContentApiRoutes.API + "/" + path);
    }

    private static byte[] bytes(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}

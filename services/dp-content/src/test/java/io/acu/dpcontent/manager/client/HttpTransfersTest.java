package io.acu.dpcontent.manager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.acu.dpcontent.library.ContentLibrary;
import io.acu.dpcontent.library.fs.FileSystemContentStore;
import io.acu.dpcontent.library.PackageFile;
import io.acu.dpcontent.manager.ContentTransfer.DistributionException;
import io.acu.formats.Sha256;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source-share token goes only to the configured source share, against a real loopback server. */
class HttpTransfersTest {

    private static final String TOKEN = "dp-content-service-token";
    private final byte[] scep = "SCEPInstall.exe v5".getBytes(StandardCharsets.UTF_8);
    private final PackageFile file = new PackageFile("SCEPInstall.exe", Sha256.compute(scep), scep.length);
    /** "path Authorization" of every request the server saw. */
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    /** Whether the share answers 401 (a token it no longer accepts). */
    private volatile boolean refuse;
    private String origin;
    private ContentLibrary library;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            if (refuse) {
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, scep.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(scep);
            }
        });
        server.start();
        origin = "http://127.0.0.1:" + server.getAddress().getPort();
        library = ContentLibrary.open(FileSystemContentStore.open(dir));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void underTheSourceShareTheTokenIsSent() {
        HttpTransfers transfers = transfers(Optional.of(URI.create(origin + "/source")));
        assertThat(transfers.source(origin + "/source/CAS00006/5/", library).fetch(file).sha256()).isEqualTo(file.sha256());
        assertThat(requests).containsExactly("/source/CAS00006/5/SCEPInstall.exe Bearer " + TOKEN);
    }

    @Test
    void elsewhereNothingIsRequestedAndTheReasonIsPermanent() {
        HttpTransfers transfers = transfers(Optional.of(URI.create(origin + "/source/")));
        String elsewhere = "http://localhost:" + server.getAddress().getPort() + "/source/CAS00006/5/";
        assertThatThrownBy(() -> transfers.source(elsewhere, library).fetch(file)).isInstanceOf(DistributionException.class)
                .hasMessage("not fetching " + elsewhere + "SCEPInstall.exe with the source-share token: it is not under the source share "
                        + origin + "/source/")
                .extracting(e -> ((DistributionException) e).permanent()).isEqualTo(true);
        assertThatThrownBy(() -> transfers.source(origin + "/sources/CAS00006/5/", library).fetch(file))
                .hasMessageStartingWith("not fetching " + origin + "/sources/CAS00006/5/SCEPInstall.exe with the source-share token");
        assertThatThrownBy(() -> transfers.source(origin + "/source/../admin/", library).fetch(file))
                .hasMessageStartingWith("not fetching " + origin + "/admin/SCEPInstall.exe with the source-share token");
        assertThat(requests).isEmpty();
    }

    @Test
    void aTokenWithoutAConfiguredShareIsSentNowhere() {
        HttpTransfers transfers = transfers(Optional.empty());
        assertThatThrownBy(() -> transfers.source(origin + "/source/CAS00006/5/", library).fetch(file))
                .hasMessage("not fetching " + origin + "/source/CAS00006/5/SCEPInstall.exe with the source-share token: it is not under"
                        + " the source share (dp-content.manager.source-share-url is not set)");
        assertThat(requests).isEmpty();
    }

    @Test
    void withoutATokenAnyUrlIsFetched() {
        HttpTransfers transfers = new HttpTransfers(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30), Optional.empty(), Optional.empty(),
                Optional.empty());
        assertThat(transfers.source(origin + "/mirror/CAS00006/5/", library).fetch(file).sha256()).isEqualTo(file.sha256());
        assertThat(requests).containsExactly("/mirror/CAS00006/5/SCEPInstall.exe null");
    }

    @Test
    void aRotatedTokenFileIsReadAgainAndARefusedTokenIsRetriedNotPermanent() throws Exception {
        Path tokenFile = java.nio.file.Files.writeString(dir.resolve("token"), "first-token\n");
        HttpTransfers transfers = new HttpTransfers(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30),
                SourceToken.fromFile(tokenFile), Optional.of(URI.create(origin + "/source/")), Optional.empty());
        refuse = true;
        assertThatThrownBy(() -> transfers.source(origin + "/source/CAS00006/5/", library).fetch(file))
                .hasMessageStartingWith("source share refused dp-content's token (401)")
                .extracting(e -> ((DistributionException) e).permanent()).isEqualTo(false);
        assertThat(transfers.sourceRefusals()).isEqualTo(1);
        // The Secret is rotated (the kubelet swaps the file): the next attempt presents the new token, without a restart.
        java.nio.file.Files.writeString(tokenFile, "rotated-token-2\n");
        java.nio.file.Files.setLastModifiedTime(tokenFile, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
        refuse = false;
        assertThat(transfers.source(origin + "/source/CAS00006/5/", library).fetch(file).sha256()).isEqualTo(file.sha256());
        assertThat(requests).containsExactly("/source/CAS00006/5/SCEPInstall.exe Bearer first-token",
                "/source/CAS00006/5/SCEPInstall.exe Bearer rotated-token-2");
    }

    private HttpTransfers transfers(Optional<URI> share) {
        return new HttpTransfers(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30), Optional.of(TOKEN), share, Optional.empty());
    }
}

package io.acu.manifestbuilder.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.acu.manifestbuilder.domain.HotfixRejectedException;
import io.acu.manifestbuilder.domain.HotfixRejectedException.Kind;
import io.acu.manifestbuilder.domain.SourceUrlPolicy;
import io.acu.manifestbuilder.support.Fixtures;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP source against a real loopback server: 200 is content, anything else a refusal with its reason; only URLs
 * under the allowed base are requested, redirects included.
 */
class HttpHotfixSourceTest {

    private final byte[] scep = Fixtures.bytes(Fixtures.SCEP_V5);
    private HttpHotfixSource source;
    private final AtomicInteger requestedOutsideTheFeed = new AtomicInteger();
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/feed/SCEPInstall.exe", exchange -> {
            exchange.sendResponseHeaders(200, scep.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(scep);
            }
        });
        server.createContext("/feed/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/feed/SCEPInstall.exe");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/feed/elsewhere", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://localhost:" + server.getAddress().getPort() + "/feed/SCEPInstall.exe");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/feed/out", exchange -> {
            exchange.getResponseHeaders().add("Location", "/private/SCEPInstall.exe");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        server.createContext("/feed/metadata", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        server.createContext("/feed/loop", exchange -> {
            exchange.getResponseHeaders().add("Location", "/feed/loop");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/private/", exchange -> {
            requestedOutsideTheFeed.incrementAndGet();
            exchange.sendResponseHeaders(200, scep.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(scep);
            }
        });
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        source = new HttpHotfixSource(SourceUrlPolicy.of(List.of(base + "/feed/")));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void a200IsTheContentFollowingRedirects() throws Exception {
        try (InputStream in = source.open("SCEPInstall.exe", URI.create(base + "/feed/SCEPInstall.exe"))) {
            assertThat(in.readAllBytes()).isEqualTo(scep);
        }
        try (InputStream in = source.open("SCEPInstall.exe", URI.create(base + "/feed/moved"))) {
            assertThat(in.readAllBytes()).hasSize(scep.length);
        }
    }

    @Test
    void aUrlOutsideTheAllowedBaseIsNeverRequested() {
        refused(base + "/private/SCEPInstall.exe", Kind.INVALID, "SCEPInstall.exe: sourceUrl " + base + "/private/SCEPInstall.exe is not"
                + " under an allowed base URL (acu.hotfix-source.allowed-base-urls: [" + base + "/feed/])");
        assertThat(requestedOutsideTheFeed).hasValue(0);
    }

    @Test
    void aRedirectIsFollowedOnlyWhereTheFirstUrlMayGo() {
        String localhost = "http://localhost:" + server.getAddress().getPort();
        refused(base + "/feed/elsewhere", Kind.INVALID, "SCEPInstall.exe: sourceUrl " + localhost + "/feed/SCEPInstall.exe is not under"
                + " an allowed base URL (acu.hotfix-source.allowed-base-urls: [" + base + "/feed/])");
        refused(base + "/feed/out", Kind.INVALID, "SCEPInstall.exe: sourceUrl " + base + "/private/SCEPInstall.exe is not"
                + " under an allowed base URL (acu.hotfix-source.allowed-base-urls: [" + base + "/feed/])");
        refused(base + "/feed/metadata", Kind.INVALID, "SCEPInstall.exe: sourceUrl http://169.254.169.254/latest/meta-data/ is not"
                + " under an allowed base URL (acu.hotfix-source.allowed-base-urls: [" + base + "/feed/])");
        refused(base + "/feed/loop", Kind.INVALID, "SCEPInstall.exe: " + base + "/feed/loop redirects more than 5 times");
        assertThat(requestedOutsideTheFeed).hasValue(0);
    }

    @Test
    void anyOtherStatusIsUnprocessableWithTheStatus() {
        refused(base + "/feed/missing.exe", Kind.UNPROCESSABLE, "SCEPInstall.exe: fetching " + base + "/feed/missing.exe gave HTTP 404");
    }

    @Test
    void anUnreachableServerIsUnprocessable() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed + "/SCEPInstall.exe";
        HttpHotfixSource source = new HttpHotfixSource(SourceUrlPolicy.of(List.of("http://127.0.0.1:" + closed + "/")));
        assertThatThrownBy(() -> source.open("SCEPInstall.exe", URI.create(url))).isInstanceOf(HotfixRejectedException.class)
                .hasMessageStartingWith("SCEPInstall.exe: cannot fetch " + url + ": java.net.ConnectException")
                .extracting(e -> ((HotfixRejectedException) e).kind()).isEqualTo(Kind.UNPROCESSABLE);
    }

    @Test
    void onlyHttpAndHttpsAreFetched() {
        refused("ftp://patches.contoso.com/SCEPInstall.exe", Kind.INVALID,
                "SCEPInstall.exe: sourceUrl must be http or https, not 'ftp://patches.contoso.com/SCEPInstall.exe'");
        refused("file:///etc/passwd", Kind.INVALID, "SCEPInstall.exe: sourceUrl must be http or https, not 'file:///etc/passwd'");
        refused("SCEPInstall.exe", Kind.INVALID, "SCEPInstall.exe: sourceUrl must be http or https, not 'SCEPInstall.exe'");
    }

    private void refused(String url, Kind kind, String reason) {
        assertThatThrownBy(() -> source.open("SCEPInstall.exe", URI.create(url))).isInstanceOf(HotfixRejectedException.class)
                .hasMessage(reason).extracting(e -> ((HotfixRejectedException) e).kind()).isEqualTo(kind);
    }
}

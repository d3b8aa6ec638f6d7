package io.acu.dpcontent.manager.service;

import static io.acu.dpcontent.manager.DistributionTest.awaitState;
import static io.acu.dpcontent.manager.DistributionTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.DistributionState;
import io.acu.dpcontent.DistributionFixture;
import io.acu.dpcontent.Manifests;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * One DP that accepts connections and never answers (a hung IIS, a half-dead VM) must not hold up the others: with
 * {@code dp03-silent} in the directory, dp01 and dp02 still get the version, while dp03-silent's attempts end at the
 * answer timeout and are retried. Before per-DP lanes and the answer timeout, the manager's loop thread waited on
 * dp03-silent's content check for the whole request timeout (30 minutes) and distributed nothing.
 */
@QuarkusTest
@TestProfile(StalledDistributionPointTest.WithSilentDistributionPoint.class)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = DistributionFixture.class)
class StalledDistributionPointTest {

    /** A TCP server that accepts every connection, holds it open and never reads or writes a byte. */
    static final class SilentServer {
        final ServerSocket socket;
        final List<Socket> held = new CopyOnWriteArrayList<>();

        SilentServer() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        held.add(socket.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-dp");
            acceptor.setDaemon(true);
            acceptor.start();
        }
    }

    static final SilentServer SILENT = new SilentServer();

    /** dp03-silent is enabled and points at the silent server; exchanges without a file wait at most 2 s. */
    public static class WithSilentDistributionPoint implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dp-content.directory.points.dp03-silent.content-api-url", "http://127.0.0.1:" + SILENT.socket.getLocalPort(),
                    "dp-content.directory.points.dp03-silent.boundary-groups", "BG-Silent",
                    "dp-content.manager.answer-timeout", "2S");
        }
    }

    DistributionFixture fixture;

    @Test
    void aDistributionPointThatNeverAnswersDelaysNobodyElse() throws Exception {
        byte[] setup = Manifests.bytes(611, 50_000);
        send(Manifests.publishAndDescribe(fixture, "CAS00061", 1, Manifests.files("ccmsetup.msi", setup), Manifests.bytes(612, 500)));

        JsonPath dp01 = awaitState("CAS00061", 1, "dp01", DistributionState.INSTALLED);
        JsonPath dp02 = awaitState("CAS00061", 1, "dp02", DistributionState.INSTALLED);
        assertThat(dp01.getInt("attempt")).isEqualTo(1);
        assertThat(dp02.getInt("attempt")).isEqualTo(1);
        JsonPath silent = awaitState("CAS00061", 1, "dp03-silent", DistributionState.INSTALL_RETRYING);
        assertThat(silent.getString("lastError")).contains("dp03-silent unreachable").contains("HttpTimeoutException");
        assertThat(SILENT.held).isNotEmpty();
    }
}

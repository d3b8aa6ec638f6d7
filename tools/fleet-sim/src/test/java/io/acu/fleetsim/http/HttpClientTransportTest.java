package io.acu.fleetsim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.fleetsim.domain.ClientPolicy;
import io.acu.fleetsim.domain.ClientTransport.TransportException;
import io.acu.fleetsim.domain.DownloadGrant;
import io.acu.fleetsim.domain.SimulatedClient;
import io.acu.fleetsim.domain.StatusReports;
import io.acu.formats.Sha256;
import io.acu.formats.Version;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import io.acu.formats.ccmsetup.ManifestItem;
import io.acu.formats.statemessage.Report;
import io.acu.formats.statemessage.ReportXml;
import io.acu.contracts.client.ClientTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP adapter against an in-JVM server speaking the services' interfaces ({@link StubServices}). */
class HttpClientTransportTest {

    private static final SimulatedClient CLIENT = new SimulatedClient(0, "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42", "WKS-00001", "BG-HQ",
            Version.parse("5.00.7804.1000"), Version.parse("4.2.223.1"), List.of());
    private static final Instant AT = Instant.parse("2026-12-02T23:10:00Z");
    /** Retries quick enough for a unit test; Retry-After capped at 50 ms. */
    private static final HttpExchanges.Settings FAST = new HttpExchanges.Settings(Duration.ofSeconds(2), Duration.ofSeconds(10),
            new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(50)));

    private StubServices services;
    private TransportCounters counters;

    @BeforeEach
    void start() {
        services = StubServices.seed();
        counters = new TransportCounters();
    }

    @AfterEach
    void stop() {
        services.close();
    }

    private HttpClientTransport transport(HttpClientTransport.Injections injections) {
        HttpExchanges http = new HttpExchanges(FAST, counters);
        var target = new HttpClientTransport.PackageTarget(StubServices.PACKAGE, StubServices.VERSION,
                new CabinetSignature(services.cabSignature, "SHA256withECDSA"), services.publicKey());
        return new HttpClientTransport(services.endpoints(), http, target, injections);
    }

    @Test
    void eachClientPresentsItsOwnTokenAtTheManagementPointAndToRolloutAndNoneAtTheFallbackStatusPoint() {
        ClientTokens tokens = new ClientTokens("fleet-sim test site key, 32+ bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var target = new HttpClientTransport.PackageTarget(StubServices.PACKAGE, StubServices.VERSION,
                new CabinetSignature(services.cabSignature, "SHA256withECDSA"), services.publicKey());
        HttpClientTransport transport = new HttpClientTransport(services.endpoints(), new HttpExchanges(FAST, counters), target,
                HttpClientTransport.Injections.NONE, ClientCredentials.issuedBy(tokens));
        transport.sendStateMessage(CLIENT, StatusReports.endpointProtection(CLIENT, 3, 77, "{4B0C5B62-0000-4000-8000-000000000009}", "4.3.215.0",
                "0x00000000", AT));
        transport.sendFallbackStatus(CLIENT, StatusReports.fallbackStatus(CLIENT, 400, "{4B0C5B62-0000-4000-8000-00000000000A}",
                services.packageFolder(), AT));
        transport.readPolicy(CLIENT);
        transport.requestGrant(CLIENT, 5);
        String own = "Bearer " + tokens.issue(CLIENT.clientId());
        assertThat(services.authorizations.get("/api/state-messages")).containsExactly(own);
        assertThat(services.authorizations.get("/api/client-policy/" + StubServices.PACKAGE)).containsExactly(own);
        assertThat(services.authorizations.get("/api/download-grants")).containsExactly(own);
        assertThat(services.authorizations.get("/SMS_FSP/.sms_fsp")).containsExactly("-");
    }

    @Test
    void fetchesTheSignedCabinetFromTheClientsDistributionPointAndReadsItsManifest() {
        HttpClientTransport transport = transport(HttpClientTransport.Injections.NONE);

        CcmSetupManifest manifest = transport.fetchManifest(CLIENT);

        assertThat(manifest).isEqualTo(services.after);
        assertThat(manifest.item("SCEPInstall.exe").orElseThrow().fileHash()).isEqualTo(Sha256.compute(services.scepInstaller));
        assertThat(transport.contentSource(CLIENT, manifest)).isEqualTo(services.packageFolder());
        transport.fetchManifest(CLIENT);
        // One locator request for the boundary group, cached for the run.
        assertThat(services.locationRequests.get()).isEqualTo(1);
        assertThat(counters.snapshot().manifestsFetched()).isEqualTo(2);
        assertThat(counters.snapshot().bytesDownloaded()).isEqualTo(2L * services.cabinet.length);
    }

    @Test
    void aCabinetWhoseSignatureDoesNotHoldIsRefused() throws Exception {
        services.cabSignature = services.sign("another cabinet".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> transport(HttpClientTransport.Injections.NONE).fetchManifest(CLIENT))
                .isInstanceOf(TransportException.class).hasMessageContaining("ccmsetup.cab fails its signature check (SHA256withECDSA)");
    }

    @Test
    void noDistributionPointWithThePackageIsATransportFailureWithTheLocatorsReason() {
        services.packageDistributed = false;
        assertThatThrownBy(() -> transport(HttpClientTransport.Injections.NONE).fetchManifest(CLIENT))
                .isInstanceOf(TransportException.class).hasMessageContaining("404").hasMessageContaining("no distribution point has CAS00006");
    }

    @Test
    void downloadsAFileIntoItsHash() {
        HttpClientTransport transport = transport(HttpClientTransport.Injections.NONE);
        ManifestItem scep = services.after.item("SCEPInstall.exe").orElseThrow();

        Sha256 received = transport.downloadFile(CLIENT, services.after, scep, false);

        assertThat(received).isEqualTo(scep.fileHash());
        assertThat(services.fileRequests).containsExactly("- -");
        assertThat(counters.snapshot().downloads()).isEqualTo(1);
        assertThat(counters.snapshot().resumedDownloads()).isZero();
    }

    @Test
    void anInterruptedDownloadResumesWithRangeAndIfRangeFromHalfTheFile() {
        // Share 1: every download is cut after about half its bytes.
        HttpClientTransport transport = transport(new HttpClientTransport.Injections(7, 1.0, 0));
        ManifestItem scep = services.after.item("SCEPInstall.exe").orElseThrow();

        Sha256 received = transport.downloadFile(CLIENT, services.after, scep, false);

        int half = services.scepInstaller.length / 2;
        assertThat(received).isEqualTo(Sha256.compute(services.scepInstaller));
        assertThat(services.fileRequests).containsExactly("- -", "bytes=" + half + "- " + services.scepEtag);
        TransportCounters.Snapshot counts = counters.snapshot();
        assertThat(counts.resumedDownloads()).isEqualTo(1);
        assertThat(counts.downloads()).isEqualTo(1);
        assertThat(counts.bytesDownloaded()).isEqualTo(services.scepInstaller.length);
    }

    @Test
    void aCorruptDownloadHashesToSomethingElseEvenWhenResumed() {
        HttpClientTransport transport = transport(new HttpClientTransport.Injections(7, 1.0, 0));
        ManifestItem scep = services.after.item("SCEPInstall.exe").orElseThrow();

        Sha256 received = transport.downloadFile(CLIENT, services.after, scep, true);

        byte[] flipped = services.scepInstaller.clone();
        flipped[0] ^= 0x01;
        assertThat(received).isEqualTo(Sha256.compute(flipped)).isNotEqualTo(scep.fileHash());
    }

    @Test
    void aMissingFileIsATransportFailure() {
        HttpClientTransport transport = transport(HttpClientTransport.Injections.NONE);
        ManifestItem client = services.after.item("x64/client.msi").orElseThrow();
        assertThatThrownBy(() -> transport.downloadFile(CLIENT, services.after, client, false))
                .isInstanceOf(TransportException.class).hasMessageContaining("x64/client.msi answered 404");
    }

    @Test
    void a503IsRetriedUntilTheFallbackStatusPointAccepts() {
        services.scriptedPostAnswers.add(new String[] {"503", "30"});
        HttpClientTransport transport = transport(HttpClientTransport.Injections.NONE);
        Report report = StatusReports.fallbackStatus(CLIENT, 400, "{4B0C5B62-0000-4000-8000-000000000001}", services.packageFolder(), AT);

        transport.sendFallbackStatus(CLIENT, report);

        assertThat(services.posts.get("/SMS_FSP/.sms_fsp").get()).isEqualTo(2);
        assertThat(services.acceptedReports("/SMS_FSP/.sms_fsp")).containsExactly(report);
        TransportCounters.Snapshot counts = counters.snapshot();
        assertThat(counts.retries()).isEqualTo(1);
        assertThat(counts.messagesSent()).isEqualTo(1);
        assertThat(counts.messagesAccepted()).isEqualTo(1);
    }

    @Test
    void a429WithRetryAfterIsRetriedAndTooManyAreRejected() {
        services.scriptedPostAnswers.add(new String[] {"429", "1"});
        services.scriptedPostAnswers.add(new String[] {"429", "1"});
        HttpClientTransport transport = transport(HttpClientTransport.Injections.NONE);
        Report report = StatusReports.endpointProtection(CLIENT, 3, 77, "{4B0C5B62-0000-4000-8000-000000000002}", "4.3.215.0", "0x00000000", AT);

        transport.sendStateMessage(CLIENT, report);
        assertThat(services.posts.get("/api/state-messages").get()).isEqualTo(3);
        assertThat(services.acceptedReports("/api/state-messages")).containsExactly(report);
        assertThat(counters.snapshot().retries()).isEqualTo(2);

        // Three attempts in all: three 429s and the report is refused for good.
        for (int i = 0; i < 3; i++) {
            services.scriptedPostAnswers.add(new String[] {"429", "1", "throttled"});
        }
        assertThatThrownBy(() -> transport.sendStateMessage(CLIENT, report))
                .isInstanceOf(TransportException.class).hasMessageContaining("answered 429: throttled");
        TransportCounters.Snapshot counts = counters.snapshot();
        assertThat(counts.messagesSent()).isEqualTo(2);
        assertThat(counts.messagesAccepted()).isEqualTo(1);
        assertThat(counts.messagesRejected()).isEqualTo(1);
        assertThat(counts.retries()).isEqualTo(4);
    }

    @Test
    void a400IsNotRetriedAndCarriesTheServicesReason() {
        services.scriptedPostAnswers.add(new String[] {"400", null, "Report is not well-formed XML"});
        HttpClientTransport transport = transport(HttpClientTransport.Injections.NONE);
        Report report = StatusReports.fallbackStatus(CLIENT, 309, "{4B0C5B62-0000-4000-8000-000000000003}", "", AT);

        assertThatThrownBy(() -> transport.sendFallbackStatus(CLIENT, report))
                .isInstanceOf(TransportException.class).hasMessageEndingWith("answered 400: Report is not well-formed XML");
        assertThat(services.posts.get("/SMS_FSP/.sms_fsp").get()).isEqualTo(1);
        assertThat(counters.snapshot().retries()).isZero();
        assertThat(counters.snapshot().messagesRejected()).isEqualTo(1);
    }

    @Test
    void aDuplicatingClientSendsTheSameReportTwice() {
        HttpClientTransport transport = transport(new HttpClientTransport.Injections(7, 0, 1.0));
        Report report = StatusReports.endpointProtection(CLIENT, 3, 77, "{4B0C5B62-0000-4000-8000-000000000004}", "4.3.215.0", "0x00000000", AT);

        transport.sendStateMessage(CLIENT, report);

        List<byte[]> bodies = services.accepted.get("/api/state-messages");
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(1)).isEqualTo(bodies.get(0)).isEqualTo(ReportXml.write(report));
        assertThat(ReportXml.read(bodies.get(1)).messages().get(0).serialNumber()).hasValue(77);
        TransportCounters.Snapshot counts = counters.snapshot();
        assertThat(counts.messagesSent()).isEqualTo(1);
        assertThat(counts.duplicatesSent()).isEqualTo(1);
        assertThat(counts.duplicatesAccepted()).isEqualTo(1);
    }

    @Test
    void anUnreachableServiceFailsAfterTheRetriesAndIsCounted() {
        HttpExchanges http = new HttpExchanges(FAST, counters);
        java.net.URI closed = java.net.URI.create("http://127.0.0.1:" + freePort());
        var endpoints = new ServiceEndpoints(closed, closed, closed, closed, closed);
        var target = new HttpClientTransport.PackageTarget(StubServices.PACKAGE, StubServices.VERSION,
                new CabinetSignature(services.cabSignature, "SHA256withECDSA"), services.publicKey());
        HttpClientTransport transport = new HttpClientTransport(endpoints, http, target, HttpClientTransport.Injections.NONE);
        Report report = StatusReports.fallbackStatus(CLIENT, 400, "{4B0C5B62-0000-4000-8000-000000000005}", "", AT);

        assertThatThrownBy(() -> transport.sendFallbackStatus(CLIENT, report))
                .isInstanceOf(TransportException.class).hasMessageContaining("failed after 3 attempts").hasMessageContaining("ConnectException");
        assertThat(counters.snapshot().unreachable()).isEqualTo(1);
        assertThat(counters.snapshot().retries()).isEqualTo(2);
    }

    @Test
    void reportsAreSpreadRoundRobinOverTheReplicasOfAnIntake() {
        try (StubServices second = StubServices.seed()) {
            HttpClientTransport transport = replicated(List.of(services.base(), second.base()));
            for (int i = 0; i < 4; i++) {
                transport.sendStateMessage(CLIENT, StatusReports.fallbackStatus(CLIENT, 400, "{4B0C5B62-0000-4000-8000-00000000001" + i + "}", "", AT));
            }

            assertThat(services.accepted.get("/api/state-messages")).hasSize(2);
            assertThat(second.accepted.get("/api/state-messages")).hasSize(2);
            assertThat(counters.snapshot().messagesAccepted()).isEqualTo(4);
            assertThat(counters.snapshot().failovers()).isZero();
        }
    }

    @Test
    void aReplicaThatRefusesConnectionsIsPassedOverAtOnceWithoutUsingAnAttempt() {
        java.net.URI down = java.net.URI.create("http://127.0.0.1:" + freePort());
        HttpClientTransport transport = replicated(List.of(down, services.base()));
        for (int i = 0; i < 4; i++) {
            transport.sendFallbackStatus(CLIENT, StatusReports.fallbackStatus(CLIENT, 400, "{4B0C5B62-0000-4000-8000-00000000002" + i + "}", "", AT));
        }

        // Every report reached the live replica. Passing over takes a turn too, so the dead one's turn came first for each
        // report (picks 0, 2, 4, 6) and was passed on at once each time, with no retry.
        assertThat(services.accepted.get("/SMS_FSP/.sms_fsp")).hasSize(4);
        assertThat(counters.snapshot().failovers()).isEqualTo(4);
        assertThat(counters.snapshot().retries()).isZero();
        assertThat(counters.snapshot().messagesAccepted()).isEqualTo(4);
    }

    @Test
    void whenEveryReplicaRefusesEachRoundIsOneFailedAttempt() {
        java.net.URI down = java.net.URI.create("http://127.0.0.1:" + freePort());
        java.net.URI alsoDown = java.net.URI.create("http://127.0.0.1:" + freePort());
        HttpClientTransport transport = replicated(List.of(down, alsoDown));
        Report report = StatusReports.fallbackStatus(CLIENT, 400, "{4B0C5B62-0000-4000-8000-000000000030}", "", AT);

        assertThatThrownBy(() -> transport.sendStateMessage(CLIENT, report))
                .isInstanceOf(TransportException.class).hasMessageContaining("failed after 3 attempts").hasMessageContaining("ConnectException");
        // 3 attempts of 2 replicas each: the first refusal of each round passes over, the second ends the attempt.
        assertThat(counters.snapshot().failovers()).isEqualTo(3);
        assertThat(counters.snapshot().retries()).isEqualTo(2);
        assertThat(counters.snapshot().unreachable()).isEqualTo(1);
    }

    /** A transport whose fallback status point and state-message intake are both {@code replicas}; the rest the stub. */
    private HttpClientTransport replicated(List<java.net.URI> replicas) {
        HttpExchanges http = new HttpExchanges(FAST, counters);
        var target = new HttpClientTransport.PackageTarget(StubServices.PACKAGE, StubServices.VERSION,
                new CabinetSignature(services.cabSignature, "SHA256withECDSA"), services.publicKey());
        var endpoints = new ServiceEndpoints(services.base(), services.base(), replicas, replicas, services.base());
        return new HttpClientTransport(endpoints, http, target, HttpClientTransport.Injections.NONE);
    }

    @Test
    void manifestBuilderGivesNewestVersionKeySignatureAndManifestsWithAToken() {
        ManifestBuilderClient manifestBuilder = new ManifestBuilderClient(services.base(), new HttpExchanges(FAST, counters),
                Optional.of(StubServices.TOKEN));

        assertThat(manifestBuilder.newestVersion("CAS00006")).isEqualTo(5);
        ServiceJson.PackageVersionInfo version = manifestBuilder.packageVersion("CAS00006", 5);
        assertThat(version.previousVersion()).contains(4);
        assertThat(version.cabSignature().verifies(services.cabinet, manifestBuilder.signingKey())).isTrue();
        assertThat(manifestBuilder.manifest("CAS00006", 4)).isEqualTo(services.before);

        ManifestBuilderClient anonymous = new ManifestBuilderClient(services.base(), new HttpExchanges(FAST, counters), Optional.empty());
        assertThatThrownBy(() -> anonymous.packageVersion("CAS00006", 5)).isInstanceOf(TransportException.class)
                .hasMessageContaining("answered 401").hasMessageContaining("acu-viewer");
    }

    @Test
    void eachClientReadsItsOwnPolicyFromRollout() {
        HttpClientTransport transport = transport(HttpClientTransport.Injections.NONE);
        services.excludedClients.add("GUID:EXCLUDED-0001");
        ClientPolicy offered = transport.readPolicy(CLIENT);
        assertThat(offered.offers(5)).isTrue();
        assertThat(offered.ring()).isEqualTo("broad");
        assertThat(offered.downloadsAllowed()).isTrue();
        assertThat(services.policyQueries).containsExactly("clientId=" + CLIENT.clientId() + "&boundaryGroup=" + CLIENT.boundaryGroup());
        SimulatedClient excluded = new SimulatedClient(9, "GUID:EXCLUDED-0001", "WKS-00010", "BG-HQ", CLIENT.clientVersion(), CLIENT.scepVersion(), List.of());
        ClientPolicy none = transport.readPolicy(excluded);
        assertThat(none.excluded()).isTrue();
        assertThat(none.offeredVersion()).isNull();
        assertThat(none.reason()).contains("excluded");
        assertThat(counters.snapshot().policyReads()).isEqualTo(2);
        // The reads are their own phase, apart from grants and status reports.
        assertThat(counters.snapshot().policyPhase().requests()).isEqualTo(2);
        assertThat(counters.snapshot().policyPhase().firstSent()).isBefore(counters.snapshot().policyPhase().lastAnswered());
        assertThat(counters.snapshot().reportPhase().requests()).isZero();
        assertThat(counters.snapshot().grantPhase().requests()).isZero();
    }

    @Test
    void aGrantIsAskedForTheLocatedDistributionPointAnd429And409AreAnswersNotRetries() {
        HttpClientTransport transport = transport(HttpClientTransport.Injections.NONE);
        services.scriptedGrantAnswers.add(new String[] {"429", "1", "3 downloads in flight on the distribution point, at most 3"});
        services.scriptedGrantAnswers.add(new String[] {"409", null, "the rollout of CAS00006 v5 is HALTED"});

        DownloadGrant busy = transport.requestGrant(CLIENT, 5);
        assertThat(busy).isEqualTo(new DownloadGrant.Busy("dp01", Duration.ofMillis(50), "3 downloads in flight on the distribution point, at most 3"));
        assertThat(transport.requestGrant(CLIENT, 5)).isEqualTo(new DownloadGrant.Refused("the rollout of CAS00006 v5 is HALTED"));
        assertThat(transport.requestGrant(CLIENT, 5)).isEqualTo(new DownloadGrant.Granted("dp01", java.time.Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(services.grantRequests).hasSize(3).allSatisfy(body -> assertThat(body).isEqualTo("{\"packageId\":\"CAS00006\",\"packageVersion\":5,"
                + "\"clientId\":\"" + CLIENT.clientId() + "\",\"distributionPoint\":\"dp01\",\"boundaryGroup\":\"" + CLIENT.boundaryGroup() + "\"}"));
        TransportCounters.Snapshot counts = counters.snapshot();
        assertThat(counts.grantRequests()).isEqualTo(3);
        assertThat(counts.grantsBusy()).isEqualTo(1);
        assertThat(counts.grantsRefused()).isEqualTo(1);
        assertThat(counts.retries()).isZero();
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

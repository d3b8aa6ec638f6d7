package io.acu.fleetsim.domain;

import io.acu.formats.Sha256;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import io.acu.formats.ccmsetup.CcmSetupXml;
import io.acu.formats.ccmsetup.ManifestItem;
import io.acu.formats.statemessage.Report;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A thread-safe fake network: a rollout whose policy and grant answers the test decides (default: everyone offered
 * version 5 in ring {@code broad}, grants capped at {@link #grantCap} per DP and released by the client's final state,
 * as rollout does); serves one manifest and "files" hashing to its values (or not, when corrupted); records what was
 * sent.
 */
final class FakeNetwork implements ClientTransport {
    static final int VERSION = 5;
    final CcmSetupManifest manifest;
    volatile Function<SimulatedClient, ClientPolicy> policy = client -> offered(client, "broad", "RUNNING");
    /** Answers a grant request before the cap is checked; null = no opinion. */
    volatile Function<SimulatedClient, DownloadGrant> grantOverride = client -> null;
    volatile int grantCap = Integer.MAX_VALUE;
    /** The most grants this fake server had in flight at once, per DP. */
    final java.util.Map<String, Integer> peakGrantsHeld = new java.util.concurrent.ConcurrentHashMap<>();
    /** How long a file download takes (wall), so that grants overlap. */
    volatile long downloadMillis;
    final Map<String, Integer> grantsHeld = new HashMap<>();
    final AtomicInteger grantRequests = new AtomicInteger();
    final AtomicInteger policyReads = new AtomicInteger();
    final List<String> downloaded = new CopyOnWriteArrayList<>();
    final List<Report> fsp = new CopyOnWriteArrayList<>();
    final List<Report> stateMessages = new CopyOnWriteArrayList<>();
    volatile boolean manifestUnavailable;

    FakeNetwork(CcmSetupManifest manifest) {
        this.manifest = manifest;
    }

    static CcmSetupManifest sample(String name) {
        try (InputStream in = FakeNetwork.class.getResourceAsStream("/samples/" + name)) {
            return CcmSetupXml.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ClientPolicy offered(SimulatedClient client, String ring, String status) {
        return new ClientPolicy("CAS00006", VERSION, VERSION, ring, status, "HALTED".equals(status), false, true, 7, false, null);
    }

    static ClientPolicy notOffered(SimulatedClient client, String ring, String status, String reason) {
        return new ClientPolicy("CAS00006", 4, VERSION, ring, status, "HALTED".equals(status), false, true, 7, false, reason);
    }

    @Override
    public ClientPolicy readPolicy(SimulatedClient client) {
        policyReads.incrementAndGet();
        return policy.apply(client);
    }

    @Override
    public synchronized DownloadGrant requestGrant(SimulatedClient client, int packageVersion) {
        grantRequests.incrementAndGet();
        DownloadGrant override = grantOverride.apply(client);
        if (override != null) {
            return override;
        }
        String dp = dpOf(client);
        int held = grantsHeld.getOrDefault(dp, 0);
        if (held >= grantCap) {
            return new DownloadGrant.Busy(dp, Duration.ofMillis(1), held + " downloads in flight on " + dp);
        }
        grantsHeld.put(dp, held + 1);
        peakGrantsHeld.merge(dp, held + 1, Math::max);
        return new DownloadGrant.Granted(dp, Instant.now().plusSeconds(7200));
    }

    private synchronized void release(SimulatedClient client) {
        grantsHeld.merge(dpOf(client), -1, Integer::sum);
    }

    static String dpOf(SimulatedClient client) {
        return client.boundaryGroup().equals("BG-HQ") ? "dp01" : "dp02";
    }

    @Override
    public CcmSetupManifest fetchManifest(SimulatedClient client) {
        if (manifestUnavailable) {
            throw new TransportException("GET ccmsetup.cab: 503");
        }
        return manifest;
    }

    @Override
    public Sha256 downloadFile(SimulatedClient client, CcmSetupManifest manifest, ManifestItem item, boolean corrupt) {
        downloaded.add(item.fileName());
        if (downloadMillis > 0) {
            try {
                Thread.sleep(downloadMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return corrupt ? Sha256.compute(new byte[] {1, 2, 3}) : item.fileHash();
    }

    @Override
    public String contentSource(SimulatedClient client, CcmSetupManifest manifest) {
        return "http://dp01/SMS_DP_SMSPKG$/" + manifest.packageId();
    }

    @Override
    public void sendFallbackStatus(SimulatedClient client, Report report) {
        fsp.add(report);
        if (report.messages().get(0).state().id() != StatusReports.FSP_DEPLOYMENT_SUCCEEDED) {
            release(client); // a failed deployment is the client's final state
        }
    }

    @Override
    public void sendStateMessage(SimulatedClient client, Report report) {
        stateMessages.add(report);
        release(client);
    }
}

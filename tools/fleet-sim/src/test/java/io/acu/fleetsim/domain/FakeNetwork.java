package io.acu.fleetsim.domain;

import io.acu.formats.Sha256;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import io.acu.formats.ccmsetup.CcmSetupXml;
import io.acu.formats.ccmsetup.ManifestItem;
import io.acu.formats.statemessage.Report;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A thread-safe fake network: serves one manifest and "files" hashing to its values (or not, when corrupted); records what was sent. */
final class FakeNetwork implements ClientTransport {
    final CcmSetupManifest manifest;
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
        return corrupt ? Sha256.compute(new byte[] {1, 2, 3}) : item.fileHash();
    }

    @Override
    public String contentSource(SimulatedClient client, CcmSetupManifest manifest) {
        return "http://dp01/SMS_DP_SMSPKG$/" + manifest.packageId();
    }

    @Override
    public void sendFallbackStatus(SimulatedClient client, Report report) {
        fsp.add(report);
    }

    @Override
    public void sendStateMessage(SimulatedClient client, Report report) {
        stateMessages.add(report);
    }
}

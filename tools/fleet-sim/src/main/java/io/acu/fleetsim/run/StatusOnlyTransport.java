package io.acu.fleetsim.run;

import io.acu.fleetsim.domain.ClientPolicy;
import io.acu.fleetsim.domain.ClientTransport;
import io.acu.fleetsim.domain.DownloadGrant;
import io.acu.fleetsim.domain.SimulatedClient;
import io.acu.formats.Sha256;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import io.acu.formats.ccmsetup.ManifestItem;
import io.acu.formats.statemessage.Report;
import java.util.Objects;

/**
 * The network of a load run: clients download nothing — the manifest is the one read once for the run, a
 * "download" yields the manifest's hash (or, for an injected hash mismatch, a different one) — but every policy read
 * really goes to rollout (the client is offered the version there, as a real client is) and every status report to
 * the fallback status point and the state-message intake, through the HTTP transport.
 *
 * <p>No download grant is asked of rollout: a grant throttles downloads from a distribution point, and these clients
 * download nothing. Asking for one put rollout's grant path between every client and its reports and made the load
 * measure that path instead of the intake (20,000 clients, 2 cores: grants took 549 ms at the median, serialised per
 * distribution point, and the intake fell from about 900 to 91 messages per second); {@code ./acu demo} and the
 * cross-service tests, whose clients download, still ask.
 */
final class StatusOnlyTransport implements ClientTransport {

    /** The distribution point a status-only client's grant names: none, it downloads nothing. */
    static final String NO_DOWNLOAD = "none (status only)";

    private final ClientTransport network;
    private final CcmSetupManifest manifest;

    /**
     * @param network the HTTP transport that carries the status reports and names the content source
     * @param manifest the package version's manifest, as every client would have read it
     */
    StatusOnlyTransport(ClientTransport network, CcmSetupManifest manifest) {
        this.network = Objects.requireNonNull(network, "network");
        this.manifest = Objects.requireNonNull(manifest, "manifest");
    }

    @Override
    public ClientPolicy readPolicy(SimulatedClient client) {
        return network.readPolicy(client);
    }

    /** A grant for nothing, given here: see the class comment. */
    @Override
    public DownloadGrant requestGrant(SimulatedClient client, int packageVersion) {
        return new DownloadGrant.Granted(NO_DOWNLOAD, null);
    }

    @Override
    public CcmSetupManifest fetchManifest(SimulatedClient client) {
        return manifest;
    }

    @Override
    public Sha256 downloadFile(SimulatedClient client, CcmSetupManifest manifest, ManifestItem item, boolean corrupt) {
        // The SHA-256 of the expected hash's bytes stands for "what a damaged file hashes to": certainly not the hash.
        return corrupt ? Sha256.compute(item.fileHash().bytes()) : item.fileHash();
    }

    @Override
    public String contentSource(SimulatedClient client, CcmSetupManifest manifest) {
        return network.contentSource(client, manifest);
    }

    @Override
    public void sendFallbackStatus(SimulatedClient client, Report report) {
        network.sendFallbackStatus(client, report);
    }

    @Override
    public void sendStateMessage(SimulatedClient client, Report report) {
        network.sendStateMessage(client, report);
    }
}

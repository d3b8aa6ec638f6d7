package io.acu.fleetsim.domain;

import io.acu.formats.Sha256;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import io.acu.formats.ccmsetup.ManifestItem;
import io.acu.formats.statemessage.Report;

/**
 * What a simulated client does over the network, as a port: the HTTP adapter talks to the real
 * rollout service (policy, download grants), distribution point, fallback status point and
 * state-message intake; unit tests use a fake.
 */
public interface ClientTransport {

    /**
     * The client's own policy for the run's package, as its machine policy poll reads it from rollout.
     *
     * @throws TransportException when rollout is unreachable or answers other than 200 (with its reason)
     */
    ClientPolicy readPolicy(SimulatedClient client);

    /**
     * Asks rollout for a grant to download {@code packageVersion} from the distribution point the client found by
     * its boundary group; asked just before downloading. A 429 or 409 is an answer ({@link DownloadGrant.Busy},
     * {@link DownloadGrant.Refused}), not an error; the transport does not retry them itself.
     *
     * @throws TransportException when rollout is unreachable, answers 404 (unknown package or version) or anything else
     */
    DownloadGrant requestGrant(SimulatedClient client, int packageVersion);

    /**
     * The current client install manifest as the client obtains it: {@code ccmsetup.cab} downloaded
     * from its distribution point, signature verified, {@code ccmsetup.xml} extracted and parsed.
     *
     * @throws TransportException when the cab cannot be downloaded, verified or read
     */
    CcmSetupManifest fetchManifest(SimulatedClient client);

    /**
     * Downloads one package file from the client's distribution point (HTTP Range, resuming after an
     * interruption, as BITS does) and hashes what arrived.
     *
     * @param corrupt inject a damaged byte into what is received (hash mismatch scenario)
     * @return the SHA-256 of the bytes received
     * @throws TransportException when the download fails for good
     */
    Sha256 downloadFile(SimulatedClient client, CcmSetupManifest manifest, ManifestItem item, boolean corrupt);

    /** @return the package URL on the client's distribution point, as ccmsetup names its content source */
    String contentSource(SimulatedClient client, CcmSetupManifest manifest);

    /** Sends a fallback status point message; @throws TransportException when not accepted after retries */
    void sendFallbackStatus(SimulatedClient client, Report report);

    /** Sends a state message to the management point's intake; @throws TransportException when not accepted after retries */
    void sendStateMessage(SimulatedClient client, Report report);

    /** A network step failed for good (after the transport's own retries). */
    final class TransportException extends RuntimeException {
        /** @param message what failed, with the URL and status where known */
        public TransportException(String message) {
            super(message);
        }

        /** @param message what failed; @param cause the underlying error */
        public TransportException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

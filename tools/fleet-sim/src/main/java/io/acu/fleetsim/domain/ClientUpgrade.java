package io.acu.fleetsim.domain;

import io.acu.formats.Sha256;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import io.acu.formats.ccmsetup.InstalledItem;
import io.acu.formats.ccmsetup.ItemRequirement;
import io.acu.formats.ccmsetup.ManifestItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * One client's upgrade task, as ccmsetup runs it: read the manifest from the distribution point,
 * find the items it needs (missing, hash differs, or Discovery version rule fails —
 * {@link ItemRequirement}), download and verify each, install in {@code Order}, then report to the
 * fallback status point (topic 800) and, through the EP agent, a topic-2001 state message.
 */
public final class ClientUpgrade {

    /** Name of the Endpoint Protection agent installer item in the client package. */
    public static final String SCEP_INSTALLER = "SCEPInstall.exe";

    private ClientUpgrade() {
    }

    /**
     * Runs the task at simulated time {@code at}.
     *
     * @param client the client
     * @param installed what the client has, by manifest file name (absent key = missing); updated in
     *     place with what it installs
     * @param transport the network
     * @param injected the failure to inject, if any
     * @param at the client's (simulated) time, stamped on its state messages
     * @param serialNumber the serial number for its EP state message
     * @param random the client's random source (topic GUIDs)
     * @return how it ended; never throws for network failures (they become {@link UpgradeOutcome.Kind#ERROR}
     *     or {@link UpgradeOutcome.Kind#DOWNLOAD_FAILED})
     */
    public static UpgradeOutcome run(SimulatedClient client, Map<String, InstalledItem> installed, ClientTransport transport,
            InjectedFailure injected, Instant at, long serialNumber, RandomGenerator random) {
        Objects.requireNonNull(injected, "injected");
        String deploymentTopic = guid(random);
        CcmSetupManifest manifest;
        try {
            manifest = transport.fetchManifest(client);
        } catch (ClientTransport.TransportException e) {
            return report(client, transport, deploymentTopic, "", at,
                    new UpgradeOutcome(UpgradeOutcome.Kind.DOWNLOAD_FAILED, StatusReports.FSP_BITS_DOWNLOAD_FAILED, 0, List.of(), e.getMessage()));
        }
        String contentSource = transport.contentSource(client, manifest);
        List<ItemRequirement> needed = ItemRequirement.evaluateAll(manifest, item -> installed.getOrDefault(item.fileName(), InstalledItem.missing()))
                .stream().filter(ItemRequirement::needed).toList();
        if (needed.isEmpty()) {
            return new UpgradeOutcome(UpgradeOutcome.Kind.ALREADY_CURRENT, 0, 0, List.of(), "no manifest item needed");
        }
        List<ManifestItem> verified = new ArrayList<>();
        for (ItemRequirement requirement : needed) {
            ManifestItem item = requirement.item();
            if (injected == InjectedFailure.DOWNLOAD_FAILURE) {
                return report(client, transport, deploymentTopic, contentSource, at, new UpgradeOutcome(UpgradeOutcome.Kind.DOWNLOAD_FAILED,
                        StatusReports.FSP_BITS_DOWNLOAD_FAILED, 0, List.of(), "injected BITS failure downloading " + item.fileName()));
            }
            Sha256 received;
            try {
                received = transport.downloadFile(client, manifest, item, injected == InjectedFailure.HASH_MISMATCH);
            } catch (ClientTransport.TransportException e) {
                return report(client, transport, deploymentTopic, contentSource, at, new UpgradeOutcome(UpgradeOutcome.Kind.DOWNLOAD_FAILED,
                        StatusReports.FSP_BITS_DOWNLOAD_FAILED, 0, List.of(), e.getMessage()));
            }
            if (!received.equals(item.fileHash())) {
                return report(client, transport, deploymentTopic, contentSource, at, new UpgradeOutcome(UpgradeOutcome.Kind.HASH_MISMATCH,
                        StatusReports.FSP_HASH_MISMATCH, 0, List.of(),
                        item.fileName() + ": received " + received + ", manifest says " + item.fileHash()));
            }
            verified.add(item);
        }
        // Install in the manifest's Order (evaluateAll already returns install order).
        List<String> installedNow = new ArrayList<>();
        for (ManifestItem item : verified) {
            Sha256 hash = item.fileHash();
            installed.put(item.fileName(), InstalledItem.present(hash, item.discovery().versionRule().version()));
            installedNow.add(item.fileName());
        }
        boolean epFails = injected == InjectedFailure.INSTALL_FAILURE;
        UpgradeOutcome outcome = new UpgradeOutcome(epFails ? UpgradeOutcome.Kind.EP_INSTALL_FAILED : UpgradeOutcome.Kind.UPGRADED,
                StatusReports.FSP_DEPLOYMENT_SUCCEEDED, epFails ? StatusReports.EP_INSTALLATION_FAILED : StatusReports.EP_MANAGED, installedNow,
                epFails ? "EP agent install failed with " + InjectedFailure.INSTALL_FAILURE_CODE : "installed " + installedNow);
        UpgradeOutcome sent = report(client, transport, deploymentTopic, contentSource, at, outcome);
        if (sent.kind() == UpgradeOutcome.Kind.ERROR) {
            return sent;
        }
        // The agent reports the version it runs: the new one only when its installation succeeded.
        ManifestItem scep = manifest.item(SCEP_INSTALLER).orElse(null);
        String agentVersion = scep != null && installedNow.contains(SCEP_INSTALLER) && !epFails
                ? scep.discovery().versionRule().version().toString() : client.scepVersion().toString();
        try {
            transport.sendStateMessage(client, StatusReports.endpointProtection(client, outcome.epStateId(), serialNumber, guid(random), agentVersion,
                    epFails ? InjectedFailure.INSTALL_FAILURE_CODE : StatusReports.EP_SUCCESS, at));
        } catch (ClientTransport.TransportException e) {
            return new UpgradeOutcome(UpgradeOutcome.Kind.ERROR, outcome.fspStateId(), 0, installedNow, "state message not accepted: " + e.getMessage());
        }
        return outcome;
    }

    /**
     * What a client that was installed from {@code manifest} has: every item present with the
     * manifest's hash and the Discovery rule's version, except the versions in {@code actualVersions}
     * (e.g. SCEPInstall.exe at 4.2.223.1).
     *
     * @return a mutable map by file name, suitable for {@link #run}
     */
    public static Map<String, InstalledItem> installedFrom(CcmSetupManifest manifest, Map<String, io.acu.formats.Version> actualVersions) {
        Map<String, InstalledItem> installed = new java.util.HashMap<>();
        for (ManifestItem item : manifest.items()) {
            installed.put(item.fileName(), InstalledItem.present(item.fileHash(),
                    actualVersions.getOrDefault(item.fileName(), item.discovery().versionRule().version())));
        }
        return installed;
    }

    private static UpgradeOutcome report(SimulatedClient client, ClientTransport transport, String topic, String contentSource, Instant at,
            UpgradeOutcome outcome) {
        try {
            transport.sendFallbackStatus(client, StatusReports.fallbackStatus(client, outcome.fspStateId(), topic, contentSource, at));
            return outcome;
        } catch (ClientTransport.TransportException e) {
            return new UpgradeOutcome(UpgradeOutcome.Kind.ERROR, 0, 0, outcome.installedFiles(), "FSP message not accepted: " + e.getMessage());
        }
    }

    private static String guid(RandomGenerator random) {
        return "{" + new UUID(random.nextLong(), random.nextLong()).toString().toUpperCase(java.util.Locale.ROOT) + "}";
    }
}

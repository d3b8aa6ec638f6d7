package io.acu.dpcontent.directory.k8s;

import io.acu.dpcontent.core.DistributionStatus;
import io.acu.dpcontent.directory.DistributionPoint;
import io.acu.dpcontent.directory.DistributionPointDirectory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Distribution points from {@code DistributionPoint} resources, watched with a fabric8 informer (its cache answers
 * every lookup; no API call per distribution), and each package version's status written back to the resource's
 * {@code status.packages}. A resource with an unusable spec (no or malformed contentApiUrl) is skipped with a warning.
 */
public final class KubernetesDistributionPointDirectory implements DistributionPointDirectory, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KubernetesDistributionPointDirectory.class);

    private final KubernetesClient client;
    private final String namespace;
    private final SharedIndexInformer<DistributionPointResource> informer;

    private KubernetesDistributionPointDirectory(KubernetesClient client, String namespace, SharedIndexInformer<DistributionPointResource> informer) {
        this.client = client;
        this.namespace = namespace;
        this.informer = informer;
    }

    /**
     * Starts the informer and waits for its first listing.
     *
     * @param client the Kubernetes client
     * @param namespace where the resources are
     * @return the directory
     * @throws KubernetesClientException if the API cannot be listed
     */
    public static KubernetesDistributionPointDirectory start(KubernetesClient client, String namespace) {
        SharedIndexInformer<DistributionPointResource> informer =
                client.resources(DistributionPointResource.class).inNamespace(namespace).inform();
        LOG.infof("watching DistributionPoint resources in namespace %s", namespace);
        return new KubernetesDistributionPointDirectory(client, namespace, informer);
    }

    @Override
    public List<DistributionPoint> distributionPoints() {
        List<DistributionPoint> points = new ArrayList<>();
        for (DistributionPointResource resource : informer.getStore().list()) {
            toDomain(resource).ifPresent(points::add);
        }
        points.sort(Comparator.comparing(DistributionPoint::name));
        return points;
    }

    /**
     * The domain view of a resource.
     *
     * @param resource a DistributionPoint resource
     * @return the DP, or empty when its spec lacks a usable contentApiUrl
     */
    static Optional<DistributionPoint> toDomain(DistributionPointResource resource) {
        String name = resource.getMetadata().getName();
        DistributionPointSpec spec = resource.getSpec();
        if (spec == null || spec.getContentApiUrl() == null || spec.getContentApiUrl().isBlank()) {
            LOG.warnf("DistributionPoint %s has no spec.contentApiUrl; ignored", name);
            return Optional.empty();
        }
        try {
            URI api = URI.create(spec.getContentApiUrl());
            URI clientUrl = spec.getClientUrl() == null || spec.getClientUrl().isBlank() ? api : URI.create(spec.getClientUrl());
            return Optional.of(new DistributionPoint(name, api, clientUrl,
                    spec.getBoundaryGroups() == null ? List.of() : spec.getBoundaryGroups(),
                    spec.getEnabled() == null || spec.getEnabled()));
        } catch (IllegalArgumentException e) {
            LOG.warnf("DistributionPoint %s has a malformed URL (%s); ignored", name, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void showStatus(String distributionPoint, DistributionStatus status) {
        try {
            client.resources(DistributionPointResource.class).inNamespace(namespace).withName(distributionPoint).editStatus(resource -> {
                DistributionPointStatus current = resource.getStatus() == null ? new DistributionPointStatus() : resource.getStatus();
                List<PackageStatusEntry> entries = new ArrayList<>(current.getPackages() == null ? List.of() : current.getPackages());
                entries.removeIf(e -> status.packageId().equals(e.getPackageId()) && Integer.valueOf(status.packageVersion()).equals(e.getPackageVersion()));
                entries.add(entry(status));
                entries.sort(Comparator.comparing(PackageStatusEntry::getPackageId).thenComparing(PackageStatusEntry::getPackageVersion));
                current.setPackages(entries);
                resource.setStatus(current);
                return resource;
            });
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot write %s v%d status to DistributionPoint %s: %s", status.packageId(), status.packageVersion(),
                    distributionPoint, e.getMessage());
        }
    }

    private static PackageStatusEntry entry(DistributionStatus status) {
        PackageStatusEntry entry = new PackageStatusEntry();
        entry.setPackageId(status.packageId());
        entry.setPackageVersion(status.packageVersion());
        entry.setState(status.state().name());
        entry.setStateCode(status.state().code());
        entry.setAttempt(status.attempt());
        entry.setLastError(status.lastError());
        entry.setUpdatedAt(status.updatedAt().toString());
        return entry;
    }

    @Override
    public void close() {
        informer.close();
    }
}

package io.acu.dpcontent.directory.config;

import io.acu.dpcontent.common.DpContentConfig;
import io.acu.dpcontent.directory.DistributionPointDirectory;
import io.acu.dpcontent.directory.k8s.KubernetesDistributionPointDirectory;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** Chooses the {@link DistributionPointDirectory} adapter by {@code dp-content.directory.source}. */
@ApplicationScoped
public class DirectoryProducer {

    @Produces
    @ApplicationScoped
    DistributionPointDirectory directory(DpContentConfig config, Instance<KubernetesClient> kubernetes) {
        return switch (config.directory().source()) {
            case "static" -> new StaticDistributionPointDirectory(config.directory().points());
            case "kubernetes" -> KubernetesDistributionPointDirectory.start(kubernetes.get(),
                    config.directory().namespace().orElse(kubernetes.get().getNamespace()));
            default -> throw new IllegalArgumentException("dp-content.directory.source must be static or kubernetes, got '"
                    + config.directory().source() + "'");
        };
    }
}

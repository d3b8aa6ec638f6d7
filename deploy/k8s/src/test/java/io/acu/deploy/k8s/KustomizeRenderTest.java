package io.acu.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.acu.contracts.Topics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Kustomization;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kubectl kustomize} renders each overlay (skipped, visibly, where kubectl is not installed; CI installs
 * Debian's kubernetes-client). The rendered objects then go through every check of {@link ManifestsTest}; here,
 * what the overlays themselves promise.
 */
class KustomizeRenderTest {

    /** Cluster-scoped kinds among acu's objects: they carry no namespace. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "CustomResourceDefinition");

    static Stream<Path> overlays() {
        return Project.overlays().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void kubectl_kustomize_renders_the_overlay_into_one_namespace(Path overlay) {
        Optional<Path> kubectl = Kubectl.find();
        // Skipped on a developer's machine without kubectl; in CI (.ci/run installs it) its absence is a failure.
        assertThat(kubectl.isPresent() || !"true".equalsIgnoreCase(System.getenv("CI")))
                .as("kubectl not installed in CI (.ci/run installs kubernetes-client)").isTrue();
        assumeTrue(kubectl.isPresent(), "kubectl not installed (Debian package kubernetes-client)");

        Kubectl.Result result = Kubectl.kustomize(kubectl.get(), overlay);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Manifests rendered = Kubectl.render(kubectl.get(), overlay);
        String namespace = Manifests.kustomization(overlay).getNamespace();

        assertThat(rendered.all(Namespace.class)).extracting(n -> n.getMetadata().getName()).containsExactly(namespace);
        assertThat(rendered.all(CustomResourceDefinition.class)).hasSize(1);
        for (var r : rendered.resources()) {
            HasMetadata h = (HasMetadata) r;
            if (CLUSTER_SCOPED.contains(h.getKind())) {
                assertThat(h.getMetadata().getNamespace()).as(h.getKind() + " " + h.getMetadata().getName()).isNull();
            } else {
                assertThat(h.getMetadata().getNamespace()).as(h.getKind() + " " + h.getMetadata().getName())
                        .isEqualTo(namespace);
            }
        }
        Kustomization k = Manifests.kustomization(overlay);
        for (var image : k.getImages()) {
            assertThat(Workload.all(rendered)).flatExtracting(Workload::containers).extracting(c -> c.getImage())
                    .contains(image.getName() + ":" + image.getNewTag());
        }
        assertThat(rendered.all(KafkaTopic.class)).hasSize(Topics.ALL.size())
                .allSatisfy(t -> assertThat(t.getSpec().getConfig()).containsKeys("retention.ms", "min.insync.replicas"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void dev_runs_on_one_broker_with_the_sample_dps_and_prod_on_three_without_them_and_two_rollouts(Path overlay) {
        Optional<Path> kubectl = Kubectl.find();
        // Skipped on a developer's machine without kubectl; in CI (.ci/run installs it) its absence is a failure.
        assertThat(kubectl.isPresent() || !"true".equalsIgnoreCase(System.getenv("CI")))
                .as("kubectl not installed in CI (.ci/run installs kubernetes-client)").isTrue();
        assumeTrue(kubectl.isPresent(), "kubectl not installed (Debian package kubernetes-client)");
        Manifests rendered = Kubectl.render(kubectl.get(), overlay);
        List<GenericKubernetesResource> dps = rendered.all(GenericKubernetesResource.class).stream()
                .filter(g -> "DistributionPoint".equals(g.getKind())).toList();
        List<Integer> replicas = rendered.all(KafkaTopic.class).stream().map(t -> t.getSpec().getReplicas()).distinct().toList();
        switch (overlay.getFileName().toString()) {
            case "dev" -> {
                assertThat(replicas).containsExactly(1);
                assertThat(Workload.named(rendered, "rollout").replicas()).as("rollout in dev").isEqualTo(1);
                assertThat(dps).extracting(d -> d.getMetadata().getName()).containsExactly("dp-content-0", "dp-content-1");
            }
            case "prod" -> {
                assertThat(replicas).containsExactly(3);
                assertThat(Workload.named(rendered, "rollout").replicas()).as("rollout in prod: survives a pod loss")
                        .isGreaterThanOrEqualTo(2);
                assertThat(dps).isEmpty();
            }
            default -> throw new AssertionError("an overlay this test does not know: " + overlay);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void fsp_replicas_share_the_points_hourly_budget_and_the_intakes_trust_only_the_ingress(Path overlay) {
        Optional<Path> kubectl = Kubectl.find();
        assertThat(kubectl.isPresent() || !"true".equalsIgnoreCase(System.getenv("CI")))
                .as("kubectl not installed in CI (.ci/run installs kubernetes-client)").isTrue();
        assumeTrue(kubectl.isPresent(), "kubectl not installed (Debian package kubernetes-client)");
        Manifests rendered = Kubectl.render(kubectl.get(), overlay);
        Workload fsp = Workload.named(rendered, "fsp");
        var env = fsp.containers().get(0).getEnv();
        int perReplica = Integer.parseInt(env.stream().filter(e -> "ACU_FSP_GLOBAL_COUNT".equals(e.getName())).findFirst().orElseThrow().getValue());
        // The throttle counts per replica: together the replicas admit ConfigMgr's 10,000 messages per hour (rounded up).
        assertThat(perReplica * fsp.replicas()).as("fsp global budget x replicas in " + overlay.getFileName()).isBetween(10_000, 10_000 + fsp.replicas() - 1);
        for (String intake : List.of("fsp", "state-ingest")) {
            assertThat(Workload.named(rendered, intake).containers().get(0).getEnv())
                    .filteredOn(e -> e.getName().endsWith("_TRUSTED_PROXIES"))
                    .singleElement().satisfies(e -> assertThat(e.getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo("INGRESS_PROXY_NETWORKS"));
        }
    }
}

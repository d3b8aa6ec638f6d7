package io.acu.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.Topics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Kustomization;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every YAML file under deploy/k8s loads into typed fabric8 objects, and the kustomizations list every file. */
class ManifestFilesTest {

    @Test
    void every_yaml_document_loads_into_its_typed_fabric8_model() {
        List<Path> files = Project.manifestFiles();
        Map<String, Integer> kinds = new LinkedHashMap<>();
        List<String> untyped = new ArrayList<>();
        for (Path file : files) {
            List<KubernetesResource> documents = Manifests.load(file);
            assertThat(documents).as(Project.DEPLOY.relativize(file) + " has documents").isNotEmpty();
            for (KubernetesResource r : documents) {
                kinds.merge(r.getClass().getSimpleName(), 1, Integer::sum);
                // DistributionPoint is our own CRD: its typed model lives in dp-content; here the CRD schema checks it.
                if (r instanceof GenericKubernetesResource g && !"DistributionPoint".equals(g.getKind())) {
                    untyped.add(Project.DEPLOY.relativize(file) + ": " + g.getApiVersion() + " " + g.getKind());
                }
                if (r instanceof HasMetadata h && !(r instanceof Kustomization)) {
                    assertThat(h.getMetadata()).as(file + " " + h.getKind() + " metadata").isNotNull();
                    assertThat(h.getMetadata().getName()).as(file + " " + h.getKind() + " name").isNotBlank();
                    assertThat(h.getMetadata().getNamespace()).as(file + " " + h.getKind() + ": namespaces come from overlays")
                            .isNull();
                }
            }
        }
        assertThat(untyped).as("documents fabric8 could not type").isEmpty();
        assertThat(kinds.get("Kustomization")).as("kustomizations: base, samples, dev, prod").isEqualTo(4);
        assertThat(kinds.get("KafkaTopic")).as("base topics + dev patches").isEqualTo(2 * Topics.ALL.size());
        assertThat(kinds).containsKeys("Deployment", "StatefulSet", "Service", "Ingress", "NetworkPolicy",
                "HorizontalPodAutoscaler", "PodDisruptionBudget", "Role", "RoleBinding", "ServiceAccount",
                "CustomResourceDefinition", "ServiceMonitor", "ConfigMap", "Namespace", "PersistentVolumeClaim");
        assertThat(files).as("no Secret manifests").noneMatch(f -> Manifests.load(f).stream()
                .anyMatch(r -> r instanceof io.fabric8.kubernetes.api.model.Secret));
    }

    @Test
    void the_base_kustomization_lists_every_base_file_and_only_existing_ones() throws Exception {
        Path base = Project.DEPLOY.resolve("base");
        Kustomization k = Manifests.kustomization(base);
        Set<String> listed = new TreeSet<>(k.getResources());
        Set<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.list(base)) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).forEach(present::add);
        }
        assertThat(listed).containsExactlyElementsOf(present);
        assertThat(k.getConfigMapGenerator()).singleElement().satisfies(g ->
                assertThat(g.getFiles()).allSatisfy(f -> assertThat(base.resolve(f)).isRegularFile()));
        assertThat(k.getGeneratorOptions().getLabels()).containsEntry("grafana_dashboard", "1");

        Manifests assembled = Manifests.assemble(base);
        assertThat(assembled.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("manifest-builder", "state-ingest", "fsp", "rollout");
        assertThat(assembled.all(StatefulSet.class)).hasSize(1);
        assertThat(assembled.all(KafkaTopic.class)).hasSize(Topics.ALL.size());
        assertThat(assembled.all(CustomResourceDefinition.class)).hasSize(1);
        assertThat(assembled.all(ServiceMonitor.class)).hasSize(1);
        assertThat(assembled.all(NetworkPolicy.class)).extracting(p -> p.getMetadata().getName()).contains("default-deny");
    }

    @Test
    void every_overlay_names_its_namespace_ships_it_and_patches_only_what_the_base_has() {
        Manifests base = Manifests.assemble(Project.DEPLOY.resolve("base"));
        for (Path overlay : Project.overlays()) {
            Kustomization k = Manifests.kustomization(overlay);
            assertThat(k.getNamespace()).as(overlay + " namespace").isNotBlank();
            Manifests own = Manifests.assemble(overlay);
            assertThat(own.all(io.fabric8.kubernetes.api.model.Namespace.class))
                    .extracting(n -> n.getMetadata().getName()).containsExactly(k.getNamespace());
            for (String patch : Optional.ofNullable(k.getPatchesStrategicMerge()).orElse(List.of())) {
                for (KubernetesResource r : Manifests.load(overlay.resolve(patch))) {
                    HasMetadata h = (HasMetadata) r;
                    assertThat(base.resources()).as(overlay.getFileName() + "/" + patch + " targets " + h.getKind()
                            + " " + h.getMetadata().getName())
                            .anyMatch(b -> b instanceof HasMetadata bm && bm.getKind().equals(h.getKind())
                                    && bm.getMetadata().getName().equals(h.getMetadata().getName()));
                }
            }
            assertThat(k.getImages()).as(overlay + " pins every service's image")
                    .extracting(i -> i.getName()).containsExactlyInAnyOrderElementsOf(
                            ServiceConfig.all().stream().map(s -> ManifestsTest.imageName(s.image())).toList());
        }
    }
}

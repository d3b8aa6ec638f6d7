package io.acu.deploy.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.ConfigMapArgs;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Kustomization;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A set of Kubernetes objects as typed fabric8 models: the documents of YAML files, a kustomization's resources,
 * or what {@code kubectl kustomize} rendered.
 *
 * @param label where the set came from, for test names and messages (e.g. {@code base}, {@code overlays/dev})
 * @param namespace the namespace the objects are deployed to, {@code null} for the namespace-free base
 * @param resources the objects, in document order
 */
record Manifests(String label, String namespace, List<KubernetesResource> resources) {

    /** Strimzi's API version of KafkaTopic used by the manifests (kafka.strimzi.io/v1, Strimzi 0.49+). */
    static final String KAFKA_TOPIC_API_VERSION = "kafka.strimzi.io/v1";

    /** fabric8's serialization, taught Strimzi's KafkaTopic (its model carries no fabric8 @Group/@Version) and Kustomization. */
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    static {
        SERIALIZATION.registerKubernetesResource(KAFKA_TOPIC_API_VERSION, "KafkaTopic", KafkaTopic.class);
        SERIALIZATION.registerKubernetesResource(KAFKA_TOPIC_API_VERSION, "KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class);
        // The kustomize model is not registered by its jar either; kustomization.yaml files load as this type.
        SERIALIZATION.registerKubernetesResource("kustomize.config.k8s.io/v1beta1", "Kustomization", Kustomization.class);
    }

    /** The non-empty documents of a (multi-document) YAML file, each as its typed fabric8 object. */
    static List<KubernetesResource> load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The non-empty documents of YAML text, each as its typed fabric8 object. */
    static List<KubernetesResource> parse(String yaml) {
        List<KubernetesResource> out = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            if (document.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
                continue;
            }
            KubernetesResource resource = SERIALIZATION.unmarshal(document, KubernetesResource.class);
            out.add(resource);
        }
        return out;
    }

    /**
     * The base as kustomize would assemble it, without kustomize: the documents of every file the kustomization
     * lists (recursively through listed folders) plus the ConfigMaps its configMapGenerator makes.
     */
    static Manifests assemble(Path kustomizationDir) {
        List<KubernetesResource> resources = new ArrayList<>();
        collect(kustomizationDir, resources);
        Kustomization root = kustomization(kustomizationDir);
        return new Manifests(Project.DEPLOY.relativize(kustomizationDir).toString(), root.getNamespace(), resources);
    }

    private static void collect(Path dir, List<KubernetesResource> into) {
        Kustomization k = kustomization(dir);
        List<String> entries = new ArrayList<>();
        Optional.ofNullable(k.getResources()).ifPresent(entries::addAll);
        Optional.ofNullable(k.getBases()).ifPresent(entries::addAll);
        for (String entry : entries) {
            Path path = dir.resolve(entry).normalize();
            if (Files.isDirectory(path)) {
                collect(path, into);
            } else {
                into.addAll(load(path));
            }
        }
        for (ConfigMapArgs generator : Optional.ofNullable(k.getConfigMapGenerator()).orElse(List.of())) {
            ConfigMapBuilder cm = new ConfigMapBuilder().withNewMetadata().withName(generator.getName())
                    .withLabels(k.getGeneratorOptions() == null ? Map.of() : k.getGeneratorOptions().getLabels())
                    .endMetadata();
            for (String file : Optional.ofNullable(generator.getFiles()).orElse(List.of())) {
                try {
                    cm.addToData(Path.of(file).getFileName().toString(), Files.readString(dir.resolve(file)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            into.add(cm.build());
        }
    }

    /** The typed kustomization.yaml of a folder. */
    static Kustomization kustomization(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        try (InputStream in = Files.newInputStream(file)) {
            return SERIALIZATION.unmarshal(in, Kustomization.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The objects of one kind. */
    <T> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The object of that kind and name; fails with the set's label if there is none. */
    <T extends HasMetadata> T named(Class<T> type, String name) {
        return find(type, name).orElseThrow(() ->
                new AssertionError(label + ": no " + type.getSimpleName() + " named " + name));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst();
    }

    /** The ConfigMaps, typed. */
    List<ConfigMap> configMaps() {
        return all(ConfigMap.class);
    }

    @Override
    public String toString() {
        return label;
    }
}

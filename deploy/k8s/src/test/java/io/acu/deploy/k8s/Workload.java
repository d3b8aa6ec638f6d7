package io.acu.deploy.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Deployment or StatefulSet, seen through what the checks need: its pod template and replica count.
 *
 * @param resource the Deployment or StatefulSet
 * @param template its pod template
 * @param replicas its replica count (Kubernetes' default 1 when unset)
 */
record Workload(HasMetadata resource, PodTemplateSpec template, int replicas) {

    static List<Workload> all(Manifests manifests) {
        return Stream.concat(
                manifests.all(Deployment.class).stream().map(d -> new Workload(d, d.getSpec().getTemplate(),
                        Optional.ofNullable(d.getSpec().getReplicas()).orElse(1))),
                manifests.all(StatefulSet.class).stream().map(s -> new Workload(s, s.getSpec().getTemplate(),
                        Optional.ofNullable(s.getSpec().getReplicas()).orElse(1))))
                .toList();
    }

    /** The workload of that name; fails with the set's label if there is none. */
    static Workload named(Manifests manifests, String name) {
        return all(manifests).stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(manifests.label() + ": no Deployment or StatefulSet " + name));
    }

    String name() {
        return resource.getMetadata().getName();
    }

    Map<String, String> podLabels() {
        return Optional.ofNullable(template.getMetadata().getLabels()).orElse(Map.of());
    }

    /**
     * The labels of the pod with that ordinal: the template's, plus for a StatefulSet the
     * {@code statefulset.kubernetes.io/pod-name} label its controller adds ({@code <name>-<ordinal>}).
     */
    Map<String, String> podLabels(int ordinal) {
        Map<String, String> labels = new LinkedHashMap<>(podLabels());
        if (resource instanceof StatefulSet) {
            labels.put("statefulset.kubernetes.io/pod-name", name() + "-" + ordinal);
        }
        return labels;
    }

    List<Container> containers() {
        return template.getSpec().getContainers();
    }

    /** The container named like the workload; fails if there is none. */
    Container mainContainer() {
        return containers().stream().filter(c -> c.getName().equals(name())).findFirst()
                .orElseThrow(() -> new AssertionError(name() + ": no container named " + name()));
    }

    /** Container ports by name, over all containers. */
    Map<String, Integer> namedPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Container c : containers()) {
            for (ContainerPort p : Optional.ofNullable(c.getPorts()).orElse(List.of())) {
                if (p.getName() != null) {
                    ports.put(p.getName(), p.getContainerPort());
                }
            }
        }
        return ports;
    }

    /** Whether a Service's selector (non-empty) selects this workload's pods. */
    boolean selectedBy(Service service) {
        Map<String, String> selector = service.getSpec().getSelector();
        return selector != null && !selector.isEmpty()
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(podLabels().get(e.getKey())));
    }
}

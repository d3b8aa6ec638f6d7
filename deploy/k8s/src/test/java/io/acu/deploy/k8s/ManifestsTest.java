package io.acu.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.acu.contracts.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks every deployable set of manifests must pass: the base as kustomize assembles it (always), and each
 * overlay as {@code kubectl kustomize} renders it (when kubectl is installed). What the manifests must contain is
 * derived from the services' application.properties and io.acu.contracts.Topics, not copied.
 */
class ManifestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The workloads that get a HorizontalPodAutoscaler (the client-facing intakes whose load follows the fleet). */
    private static final Set<String> AUTOSCALED = Set.of("fsp", "state-ingest");

    static Stream<Manifests> deployableSets() {
        Stream<Manifests> base = Stream.of(Manifests.assemble(Project.DEPLOY.resolve("base")));
        Stream<Manifests> overlays = Kubectl.find().stream()
                .flatMap(kubectl -> Project.overlays().stream().map(o -> Kubectl.render(kubectl, o)));
        return Stream.concat(base, overlays);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableSets")
    void every_topic_a_service_configures_or_contracts_name_has_exactly_one_kafka_topic(Manifests m) {
        Set<String> expected = new TreeSet<>(Topics.ALL);
        ServiceConfig.all().forEach(s -> expected.addAll(s.kafkaTopics()));

        List<String> declared = m.all(KafkaTopic.class).stream().map(ManifestsTest::topicName).toList();

        assertThat(expected).as("topics named by services and Topics").hasSizeGreaterThanOrEqualTo(10);
        assertThat(declared).as(m + ": KafkaTopics").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableSets")
    void kafka_topics_survive_a_broker_loss_and_dead_letters_outlive_their_source(Manifests m) {
        Map<String, KafkaTopic> byName = m.all(KafkaTopic.class).stream()
                .collect(Collectors.toMap(ManifestsTest::topicName, t -> t));
        assertThat(byName.values()).extracting(t -> t.getMetadata().getLabels().get("strimzi.io/cluster"))
                .as("one Strimzi cluster for all topics").containsOnly("acu-kafka");
        for (KafkaTopic topic : byName.values()) {
            int replicas = topic.getSpec().getReplicas();
            int minIsr = Integer.parseInt(String.valueOf(topic.getSpec().getConfig().get("min.insync.replicas")));
            assertThat(topic.getSpec().getPartitions()).as(topicName(topic) + " partitions").isPositive();
            assertThat(minIsr).as(topicName(topic) + " min.insync.replicas").isBetween(1, replicas);
            if (replicas > 1) {
                assertThat(minIsr).as(topicName(topic) + ": acks=all must survive one broker down").isLessThan(replicas);
            }
            assertThat(retention(topic)).as(topicName(topic) + " retention.ms").isPositive();
        }
        for (Topics.Subscription consumer : Topics.SUBSCRIPTIONS) {
            assertThat(retention(byName.get(consumer.deadLetterTopic())))
                    .as("dead letters of " + consumer.consumer() + " on " + consumer.topic()
                            + " are kept at least as long as the topic")
                    .isGreaterThanOrEqualTo(retention(byName.get(consumer.topic())));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableSets")
    void every_service_runs_its_image_on_its_configured_port_with_probes_and_limits(Manifests m) {
        List<ServiceConfig> services = ServiceConfig.all();
        assertThat(services).extracting(ServiceConfig::name)
                .contains("dp-content", "fsp", "manifest-builder", "rollout", "state-ingest");
        for (ServiceConfig service : services) {
            Workload workload = Workload.named(m, service.name());
            Container c = workload.mainContainer();
            String expectedImage = service.image();
            assertThat(imageName(c.getImage())).as(m + " " + service.name() + " image")
                    .isEqualTo(imageName(expectedImage));
            if (m.namespace() == null) {
                assertThat(c.getImage()).as("base image carries the project version").isEqualTo(expectedImage);
            }

            int port = env(c, "QUARKUS_HTTP_PORT").map(Integer::parseInt).orElse(service.httpPort());
            assertThat(workload.namedPorts()).as(service.name() + " ports").containsEntry("http", port);

            // A Secret mounted with a group-only mode (0440) is unreadable to the non-root user without an fsGroup.
            var pod = workload.template().getSpec();
            boolean groupReadSecret = pod.getVolumes().stream().anyMatch(v -> v.getSecret() != null && v.getSecret().getDefaultMode() != null
                    && (v.getSecret().getDefaultMode() & 0004) == 0);
            if (groupReadSecret) {
                assertThat(pod.getSecurityContext().getFsGroup()).as(service.name() + " mounts a Secret 0440: its pod needs an fsGroup").isNotNull();
            }
            assertProbe(c.getReadinessProbe(), "/q/health/ready", service.name() + " readiness");
            assertProbe(c.getLivenessProbe(), "/q/health/live", service.name() + " liveness");

            for (String resource : List.of("cpu", "memory")) {
                Quantity request = c.getResources().getRequests().get(resource);
                Quantity limit = c.getResources().getLimits().get(resource);
                assertThat(request).as(service.name() + " " + resource + " request").isNotNull();
                assertThat(limit).as(service.name() + " " + resource + " limit").isNotNull();
                assertThat(Quantity.getAmountInBytes(request)).as(service.name() + " " + resource + " request <= limit")
                        .isLessThanOrEqualTo(Quantity.getAmountInBytes(limit));
            }

            Set<String> envNames = Optional.ofNullable(c.getEnv()).orElse(List.of()).stream()
                    .map(EnvVar::getName).collect(Collectors.toSet());
            Set<String> database = Set.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_REACTIVE_URL",
                    "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD");
            if (service.usesKafka()) {
                assertThat(envNames).as(service.name() + " talks to Kafka").contains("KAFKA_BOOTSTRAP_SERVERS");
            }
            if (service.usesDatabase()) {
                assertThat(envNames).as(service.name() + " has a database").containsAll(database);
                assertThat(envVar(c, "QUARKUS_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef())
                        .as(service.name() + ": the password comes from a Secret").isNotNull();
                assertThat(workload.podLabels()).as("the allow-postgres NetworkPolicy selects it")
                        .containsEntry("acu.io/database", "true");
            } else {
                assertThat(envNames).as(service.name() + " has no database").doesNotContainAnyElementsOf(database);
                assertThat(workload.podLabels()).doesNotContainKey("acu.io/database");
            }
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(workload.template().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableSets")
    void every_workload_has_a_service_that_selects_its_pods_on_its_http_port(Manifests m) {
        List<Workload> workloads = Workload.all(m);
        assertThat(workloads).hasSize(ServiceConfig.all().size());
        for (Workload w : workloads) {
            List<Service> matching = m.all(Service.class).stream().filter(w::selectedBy)
                    .filter(s -> s.getSpec().getPorts().stream().anyMatch(p -> targetsHttp(p, w)))
                    .toList();
            assertThat(matching).as(m + ": Service for " + w.name()).isNotEmpty();
        }
        for (StatefulSet set : m.all(StatefulSet.class)) {
            Service governing = m.named(Service.class, set.getSpec().getServiceName());
            assertThat(governing.getSpec().getClusterIP()).as("governing Service of " + set.getMetadata().getName()
                    + " is headless").isEqualTo("None");
            assertThat(Workload.named(m, set.getMetadata().getName()).selectedBy(governing)).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableSets")
    void every_referenced_config_map_exists_and_every_secret_is_documented_as_external(Manifests m) throws IOException {
        assertThat(m.all(Secret.class)).as("no Secret values in the manifests").isEmpty();
        Set<String> external = documentedExternalSecrets();
        Map<String, ConfigMap> configMaps = m.configMaps().stream()
                .collect(Collectors.toMap(c -> c.getMetadata().getName(), c -> c));

        Set<String> secretsUsed = new TreeSet<>();
        int configMapKeysChecked = 0;
        for (Workload w : Workload.all(m)) {
            for (Container c : w.containers()) {
                for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
                    if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                        var ref = e.getValueFrom().getConfigMapKeyRef();
                        assertThat(configMaps).as(w.name() + " " + e.getName()).containsKey(ref.getName());
                        assertThat(configMaps.get(ref.getName()).getData()).as(w.name() + " " + e.getName())
                                .containsKey(ref.getKey());
                        configMapKeysChecked++;
                    }
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        secretsUsed.add(e.getValueFrom().getSecretKeyRef().getName());
                    }
                }
                Optional.ofNullable(c.getEnvFrom()).orElse(List.of()).forEach(from -> {
                    if (from.getConfigMapRef() != null) {
                        assertThat(configMaps).as(w.name() + " envFrom").containsKey(from.getConfigMapRef().getName());
                    }
                    if (from.getSecretRef() != null) {
                        secretsUsed.add(from.getSecretRef().getName());
                    }
                });
            }
            for (Volume v : Optional.ofNullable(w.template().getSpec().getVolumes()).orElse(List.of())) {
                if (v.getSecret() != null) {
                    secretsUsed.add(v.getSecret().getSecretName());
                }
                if (v.getConfigMap() != null) {
                    assertThat(configMaps).as(w.name() + " volume " + v.getName()).containsKey(v.getConfigMap().getName());
                }
                if (v.getProjected() != null) {
                    for (VolumeProjection p : v.getProjected().getSources()) {
                        if (p.getSecret() != null) {
                            secretsUsed.add(p.getSecret().getName());
                        }
                        if (p.getConfigMap() != null) {
                            assertThat(configMaps).containsKey(p.getConfigMap().getName());
                        }
                    }
                }
            }
            if (w.template().getSpec().getServiceAccountName() != null) {
                m.named(ServiceAccount.class, w.template().getSpec().getServiceAccountName());
            }
        }
        for (Ingress ingress : m.all(Ingress.class)) {
            Optional.ofNullable(ingress.getSpec().getTls()).orElse(List.of()).stream()
                    .map(IngressTLS::getSecretName).forEach(secretsUsed::add);
        }
        assertThat(configMapKeysChecked).as("configMapKeyRefs checked").isGreaterThanOrEqualTo(ServiceConfig.all().size());
        assertThat(secretsUsed).as(m + ": Secrets referenced").contains("acu-postgres", "acu-signing-key");
        assertThat(external).as("README's External Secrets table").containsAll(secretsUsed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableSets")
    void autoscalers_and_disruption_budgets_fit_their_workloads(Manifests m) {
        List<HorizontalPodAutoscaler> hpas = m.all(HorizontalPodAutoscaler.class);
        assertThat(hpas).extracting(h -> h.getSpec().getScaleTargetRef().getName())
                .containsExactlyInAnyOrderElementsOf(AUTOSCALED);
        for (HorizontalPodAutoscaler hpa : hpas) {
            Workload target = Workload.named(m, hpa.getSpec().getScaleTargetRef().getName());
            assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo(target.resource().getKind());
            assertThat(hpa.getSpec().getMinReplicas()).as(hpa.getMetadata().getName() + " min <= max")
                    .isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
            assertThat(target.replicas()).as(target.name() + " starts inside its HPA's range")
                    .isBetween(hpa.getSpec().getMinReplicas(), hpa.getSpec().getMaxReplicas());
            assertThat(hpa.getSpec().getMetrics()).extracting(metric -> metric.getResource().getName()).contains("cpu");
        }
        List<PodDisruptionBudget> pdbs = m.all(PodDisruptionBudget.class);
        for (Workload w : Workload.all(m)) {
            List<PodDisruptionBudget> covering = pdbs.stream()
                    .filter(p -> Reachability.matches(p.getSpec().getSelector(), w.podLabels())).toList();
            assertThat(covering).as(m + ": PodDisruptionBudget of " + w.name()).hasSize(1);
            PodDisruptionBudget pdb = covering.get(0);
            if (pdb.getSpec().getMinAvailable() != null) {
                assertThat(pdb.getSpec().getMinAvailable().getIntVal())
                        .as(w.name() + ": minAvailable below replicas, or a node drain could never finish")
                        .isLessThan(w.replicas());
            }
            if (pdb.getSpec().getMaxUnavailable() != null) {
                assertThat(pdb.getSpec().getMaxUnavailable().getIntVal())
                        .as(w.name() + ": maxUnavailable 0 would block every drain").isPositive();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableSets")
    void dp_content_may_watch_distribution_points_write_their_status_and_hold_the_manager_lease(Manifests m) {
        Workload dp = Workload.named(m, "dp-content");
        String account = dp.template().getSpec().getServiceAccountName();
        assertThat(account).isEqualTo("dp-content");
        List<RoleBinding> bindings = m.all(RoleBinding.class).stream()
                .filter(b -> b.getSubjects().stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
                        && account.equals(s.getName())
                        && (s.getNamespace() == null || Objects.equals(s.getNamespace(), m.namespace()))))
                .toList();
        assertThat(bindings).as(m + ": RoleBinding of the dp-content ServiceAccount in its own namespace").hasSize(1);
        Role role = m.named(Role.class, bindings.get(0).getRoleRef().getName());
        assertThat(bindings.get(0).getRoleRef().getKind()).isEqualTo("Role");

        assertThat(verbs(role, "acu.io", "distributionpoints")).containsExactlyInAnyOrder("get", "list", "watch");
        assertThat(verbs(role, "acu.io", "distributionpoints/status")).contains("patch");
        assertThat(verbs(role, "coordination.k8s.io", "leases")).contains("get", "create", "update");
        assertThat(role.getRules()).flatExtracting(PolicyRule::getVerbs).doesNotContain("*", "delete");
        assertThat(role.getRules()).flatExtracting(PolicyRule::getResources).doesNotContain("*", "secrets");
        for (Workload w : Workload.all(m)) {
            if (!w.name().equals("dp-content")) {
                assertThat(w.template().getSpec().getAutomountServiceAccountToken())
                        .as(w.name() + " needs no Kubernetes API token").isFalse();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableSets")
    void network_policies_let_only_the_needed_conversations_through(Manifests m) {
        String ns = Optional.ofNullable(m.namespace()).orElse("acu");
        Reachability net = new Reachability(ns, m.all(NetworkPolicy.class));
        Map<String, Reachability.Endpoint> pods = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        int address = 10;
        for (Workload w : Workload.all(m)) {
            pods.put(w.name(), new Reachability.Endpoint(ns, w.podLabels(0), "10.244.0." + address++, w.namedPorts()));
            ports.put(w.name(), w.namedPorts().get("http"));
        }
        var kafka = new Reachability.Endpoint("kafka", Map.of("strimzi.io/cluster", "acu-kafka"), "10.244.1.1", Map.of());
        var postgres = new Reachability.Endpoint("postgres", Map.of("app.kubernetes.io/name", "postgresql"), "10.244.2.1", Map.of());
        var dns = new Reachability.Endpoint("kube-system", Map.of("k8s-app", "kube-dns"), "10.96.0.10", Map.of());
        var ingressController = new Reachability.Endpoint("ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"), "10.244.3.1", Map.of());
        var prometheus = new Reachability.Endpoint("monitoring", Map.of("app.kubernetes.io/name", "prometheus"), "10.244.4.1", Map.of());
        var stranger = new Reachability.Endpoint("default", Map.of("app", "curl"), "10.244.5.1", Map.of());
        var apiServer = new Reachability.Endpoint("default", Map.of(), "172.18.0.2", Map.of());

        Set<String> behindIngress = ingressBackendWorkloads(m);
        assertThat(behindIngress).as("client-facing workloads").containsExactlyInAnyOrder("fsp", "dp-content", "rollout");

        for (ServiceConfig service : ServiceConfig.all()) {
            var pod = pods.get(service.name());
            int http = ports.get(service.name());
            assertThat(net.allows(pod, dns, 53, "UDP")).as(service.name() + " -> DNS").isTrue();
            assertThat(net.allows(pod, kafka, 9094, "TCP")).as(service.name() + " -> Kafka").isEqualTo(service.usesKafka());
            assertThat(net.allows(pod, postgres, 5432, "TCP")).as(service.name() + " -> PostgreSQL")
                    .isEqualTo(service.usesDatabase());
            assertThat(net.allows(prometheus, pod, http, "TCP")).as("Prometheus -> " + service.name()).isTrue();
            assertThat(net.allows(ingressController, pod, http, "TCP")).as("ingress controller -> " + service.name())
                    .isEqualTo(behindIngress.contains(service.name()));
            assertThat(net.allows(stranger, pod, http, "TCP")).as("a pod elsewhere -> " + service.name()).isFalse();
            assertThat(net.allows(ingressController, pod, http + 1, "TCP")).as("another port of " + service.name()).isFalse();
        }
        // The distribution manager pulls from the source share and pushes to its peer DPs; nobody else calls them.
        assertThat(net.allows(pods.get("dp-content"), pods.get("manifest-builder"), ports.get("manifest-builder"), "TCP")).isTrue();
        assertThat(net.allows(pods.get("dp-content"), pods.get("dp-content"), ports.get("dp-content"), "TCP")).isTrue();
        assertThat(net.allows(pods.get("dp-content"), apiServer, 443, "TCP")).as("dp-content -> Kubernetes API").isTrue();
        assertThat(net.allows(pods.get("fsp"), pods.get("manifest-builder"), ports.get("manifest-builder"), "TCP")).isFalse();
        assertThat(net.allows(pods.get("state-ingest"), pods.get("manifest-builder"), ports.get("manifest-builder"), "TCP")).isFalse();
        assertThat(net.allows(pods.get("fsp"), pods.get("state-ingest"), ports.get("state-ingest"), "TCP")).isFalse();
        assertThat(net.allows(pods.get("manifest-builder"), pods.get("dp-content"), ports.get("dp-content"), "TCP")).isFalse();
        assertThat(net.allows(pods.get("fsp"), apiServer, 443, "TCP")).as("fsp -> Kubernetes API").isFalse();

        // rollout: clients (through the ingress controller) ask it for their policy and grants; it counts from Kafka
        // into its own schema; Prometheus scrapes it. No acu service calls it, and it calls none.
        var rollout = pods.get("rollout");
        int rolloutHttp = ports.get("rollout");
        assertThat(rolloutHttp).as("rollout's port").isEqualTo(ServiceConfig.named("rollout").httpPort());
        assertThat(net.allows(ingressController, rollout, rolloutHttp, "TCP")).as("clients -> rollout").isTrue();
        assertThat(net.allows(rollout, kafka, 9094, "TCP")).as("rollout -> Kafka").isTrue();
        assertThat(net.allows(rollout, postgres, 5432, "TCP")).as("rollout -> PostgreSQL").isTrue();
        assertThat(net.allows(prometheus, rollout, rolloutHttp, "TCP")).as("Prometheus -> rollout").isTrue();
        assertThat(net.allows(stranger, rollout, rolloutHttp, "TCP")).as("a pod elsewhere -> rollout").isFalse();
        for (String other : List.of("manifest-builder", "dp-content", "state-ingest", "fsp")) {
            assertThat(net.allows(pods.get(other), rollout, rolloutHttp, "TCP")).as(other + " -> rollout").isFalse();
            assertThat(net.allows(rollout, pods.get(other), ports.get(other), "TCP")).as("rollout -> " + other).isFalse();
        }
        assertThat(net.allows(rollout, apiServer, 443, "TCP")).as("rollout -> Kubernetes API").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableSets")
    void the_ingress_sends_fsp_messages_to_fsp_each_dp_host_to_that_dp_only_and_policy_and_grants_to_rollout(Manifests m) {
        Ingress ingress = m.named(Ingress.class, "acu-clients");
        Workload dp = Workload.named(m, "dp-content");
        Map<String, String> fspRoutes = new TreeMap<>();
        Set<Integer> dpOrdinalsRouted = new TreeSet<>();
        List<String> rolloutRoutes = new ArrayList<>();
        for (IngressRule rule : ingress.getSpec().getRules()) {
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                IngressServiceBackend backend = path.getBackend().getService();
                Service service = m.named(Service.class, backend.getName());
                assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName)
                        .as(backend.getName() + " port").contains(backend.getPort().getName());
                if (path.getPath().equals("/SMS_FSP")) {
                    assertThat(Workload.named(m, "fsp").selectedBy(service)).isTrue();
                    fspRoutes.put(rule.getHost(), backend.getName());
                } else if (path.getPath().startsWith("/api/")) {
                    assertThat(Workload.named(m, "rollout").selectedBy(service)).as(path.getPath() + " goes to rollout")
                            .isTrue();
                    rolloutRoutes.add(path.getPath());
                } else {
                    assertThat(path.getPath()).isEqualTo("/SMS_DP_SMSPKG$");
                    List<Integer> selected = Stream.iterate(0, i -> i < dp.replicas(), i -> i + 1)
                            .filter(i -> Reachability.matches(selector(service), dp.podLabels(i))).toList();
                    assertThat(selected).as(rule.getHost() + " reaches exactly one DP pod").hasSize(1);
                    dpOrdinalsRouted.add(selected.get(0));
                }
            }
        }
        assertThat(fspRoutes).hasSize(1);
        assertThat(dpOrdinalsRouted).as("every DP pod has its client host").hasSize(dp.replicas());
        assertThat(rolloutRoutes).as("rollout's public paths, once each")
                .containsExactlyInAnyOrder("/api/client-policy", "/api/download-grants");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableSets")
    void clients_reach_rollouts_policy_and_grants_but_not_its_admin_api_nor_manifest_builders(Manifests m) {
        Map<String, Set<String>> reached = new TreeMap<>();
        for (String request : List.of("/api/client-policy/CAS00006?clientId=GUID:8C1F0E5A&boundaryGroup=HQ",
                "/api/download-grants", "/api/rollouts", "/api/rollouts/CAS00006/5.00.8000.1000/promote",
                "/api/rollout-plans/CAS00006", "/api/settings/client-upgrade", "/api/hotfixes", "/api/packages",
                "/q/metrics", "/q/openapi")) {
            reached.put(request, ingressRoutes(m, request));
        }
        assertThat(reached).as(m + ": workloads a client request reaches through the Ingress")
                .containsEntry("/api/client-policy/CAS00006?clientId=GUID:8C1F0E5A&boundaryGroup=HQ", Set.of("rollout"))
                .containsEntry("/api/download-grants", Set.of("rollout"))
                .containsEntry("/api/rollouts", Set.of())
                .containsEntry("/api/rollouts/CAS00006/5.00.8000.1000/promote", Set.of())
                .containsEntry("/api/rollout-plans/CAS00006", Set.of())
                .containsEntry("/api/settings/client-upgrade", Set.of())
                .containsEntry("/api/hotfixes", Set.of())
                .containsEntry("/api/packages", Set.of())
                .containsEntry("/q/metrics", Set.of())
                .containsEntry("/q/openapi", Set.of());
        assertThat(ingressRoutes(m, "/SMS_FSP/.sms_fsp")).containsExactly("fsp");
        // and the NetworkPolicies let the ingress controller through to rollout's port
        String ns = Optional.ofNullable(m.namespace()).orElse("acu");
        Workload rollout = Workload.named(m, "rollout");
        var ingressController = new Reachability.Endpoint("ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"),
                "10.244.3.1", Map.of());
        var pod = new Reachability.Endpoint(ns, rollout.podLabels(0), "10.244.0.10", rollout.namedPorts());
        assertThat(new Reachability(ns, m.all(NetworkPolicy.class))
                .allows(ingressController, pod, rollout.namedPorts().get("http"), "TCP")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableSets")
    void prometheus_scrapes_every_workload_once_and_grafana_gets_the_dashboard(Manifests m) throws IOException {
        ServiceMonitor monitor = m.named(ServiceMonitor.class, "acu");
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.getPath()).isEqualTo("/q/metrics");
            assertThat(e.getPort()).isEqualTo("http");
        });
        for (Workload w : Workload.all(m)) {
            List<Service> scraped = m.all(Service.class).stream()
                    .filter(s -> Reachability.matches(monitor.getSpec().getSelector(), s.getMetadata().getLabels()))
                    .filter(w::selectedBy)
                    .toList();
            assertThat(scraped).as(m + ": Services scraped for " + w.name()).hasSize(1);
            assertThat(scraped.get(0).getSpec().getPorts()).anyMatch(p -> "http".equals(p.getName()) && targetsHttp(p, w));
        }

        ConfigMap dashboards = m.configMaps().stream()
                .filter(c -> "1".equals(Optional.ofNullable(c.getMetadata().getLabels()).orElse(Map.of()).get("grafana_dashboard")))
                .collect(Collectors.collectingAndThen(Collectors.toList(), l -> {
                    assertThat(l).as(m + ": dashboard ConfigMaps").hasSize(1);
                    return l.get(0);
                }));
        JsonNode dashboard = JSON.readTree(dashboards.getData().get("acu-overview.json"));
        assertThat(dashboard.path("uid").asText()).isEqualTo("acu-overview");
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            titles.add(panel.path("title").asText());
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            panel.path("targets").forEach(t -> assertThat(t.path("expr").asText()).isNotBlank());
        }
        assertThat(titles).contains("Compliance", "Rollout progress", "Failures by state and error code",
                "Distribution point status");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableSets")
    void prometheus_gets_the_alert_rules_each_with_a_severity_and_what_to_do(Manifests m) {
        PrometheusRule rule = m.named(PrometheusRule.class, "acu");
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        List<Rule> rules = rule.getSpec().getGroups().stream().flatMap(g -> g.getRules().stream()).toList();
        assertThat(rules).extracting(Rule::getAlert).containsExactlyInAnyOrder("AcuConsumerLagGrowing", "AcuDeadLetter",
                "AcuDistributionPointFailed", "AcuIntakeUnavailable", "AcuOutboxEventParked", "AcuRolloutHalted");
        for (Rule alert : rules) {
            assertThat(alert.getExpr().getStrVal()).as(alert.getAlert()).isNotBlank();
            assertThat(alert.getLabels().get("severity")).as(alert.getAlert()).isIn("warning", "critical");
            assertThat(alert.getAnnotations()).as(alert.getAlert()).containsKeys("summary", "description");
        }
    }

    // --- helpers

    static String topicName(KafkaTopic topic) {
        return Optional.ofNullable(topic.getSpec().getTopicName()).orElse(topic.getMetadata().getName());
    }

    private static long retention(KafkaTopic topic) {
        assertThat(topic).isNotNull();
        return Long.parseLong(String.valueOf(topic.getSpec().getConfig().get("retention.ms")));
    }

    /** {@code repo/name} of {@code repo/name:tag} (a registry host with a port keeps its colon). */
    static String imageName(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(0, colon) : image;
    }

    /**
     * Issue 15: every service logs JSON lines on the cluster (plain text stays its local default), and the services
     * with the OpenTelemetry extension (their application.properties switch its SDK off) switch it on there and
     * export to the OTLP collector, which the network policies let them reach; the others carry no tracing settings.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployableSets")
    void every_workload_logs_json_and_the_traced_ones_export_their_spans_over_otlp(Manifests m) {
        String ns = Optional.ofNullable(m.namespace()).orElse("acu");
        Reachability net = new Reachability(ns, m.all(NetworkPolicy.class));
        var collector = new Reachability.Endpoint("monitoring", Map.of("app.kubernetes.io/name", "opentelemetry-collector"),
                "10.244.6.1", Map.of());
        List<String> traced = new ArrayList<>();
        for (ServiceConfig service : ServiceConfig.all()) {
            Workload w = Workload.named(m, service.name());
            Container c = w.mainContainer();
            var pod = new Reachability.Endpoint(ns, w.podLabels(0), "10.244.0.9", w.namedPorts());
            assertThat(service.properties()).as(service.name() + ": plain-text logs locally")
                    .containsEntry("quarkus.log.console.json.enabled", "false");
            assertThat(envValue(m, c, "QUARKUS_LOG_CONSOLE_JSON_ENABLED")).as(m + " " + service.name() + ": JSON logs").contains("true");
            if ("true".equals(service.properties().get("quarkus.otel.sdk.disabled"))) {
                traced.add(service.name());
                assertThat(envValue(m, c, "QUARKUS_OTEL_SDK_DISABLED")).as(m + " " + service.name() + ": tracing on").contains("false");
                URI endpoint = URI.create(envValue(m, c, "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT")
                        .orElseThrow(() -> new AssertionError(m + " " + service.name() + ": no OTLP endpoint")));
                assertThat(endpoint.getScheme()).as(service.name() + " OTLP endpoint").isIn("http", "https");
                assertThat(endpoint.getHost()).as("the collector lives where the network policy lets spans go").endsWith(".monitoring.svc");
                assertThat(net.allows(pod, collector, endpoint.getPort(), "TCP")).as(m + " " + service.name() + " -> collector").isTrue();
            } else {
                assertThat(Optional.ofNullable(c.getEnv()).orElse(List.of())).extracting(EnvVar::getName)
                        .as(service.name() + " has no tracing").noneMatch(name -> name.startsWith("QUARKUS_OTEL_"));
                assertThat(net.allows(pod, collector, 4317, "TCP")).as(m + " " + service.name() + " -> collector").isFalse();
            }
        }
        assertThat(traced).as("the services with the OpenTelemetry extension").containsExactly("dp-content", "manifest-builder");
    }

    /** An environment variable's value: its literal, or the ConfigMap key it refers to; empty when unset. */
    private static Optional<String> envValue(Manifests m, Container c, String name) {
        return Optional.ofNullable(c.getEnv()).orElse(List.of()).stream().filter(e -> e.getName().equals(name)).findFirst()
                .map(e -> e.getValueFrom() == null ? e.getValue() : m.configMaps().stream()
                        .filter(map -> map.getMetadata().getName().equals(e.getValueFrom().getConfigMapKeyRef().getName()))
                        .map(map -> map.getData().get(e.getValueFrom().getConfigMapKeyRef().getKey()))
                        .filter(Objects::nonNull).findFirst().orElse(null));
    }

    private static Optional<String> env(Container c, String name) {
        return Optional.ofNullable(c.getEnv()).orElse(List.of()).stream()
                .filter(e -> e.getName().equals(name) && e.getValue() != null).map(EnvVar::getValue).findFirst();
    }

    private static EnvVar envVar(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
    }

    private static void assertProbe(Probe probe, String path, String what) {
        assertThat(probe).as(what).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as(what + " is an HTTP GET").isNotNull();
        assertThat(get.getPath()).as(what + " path").isEqualTo(path);
        assertThat(get.getPort().getStrVal()).as(what + " port").isEqualTo("http");
    }

    private static boolean targetsHttp(ServicePort port, Workload w) {
        if (port.getTargetPort() == null) {
            return Objects.equals(port.getPort(), w.namedPorts().get("http"));
        }
        return "http".equals(port.getTargetPort().getStrVal())
                || Objects.equals(port.getTargetPort().getIntVal(), w.namedPorts().get("http"));
    }

    private static io.fabric8.kubernetes.api.model.LabelSelector selector(Service service) {
        return new io.fabric8.kubernetes.api.model.LabelSelectorBuilder().withMatchLabels(service.getSpec().getSelector()).build();
    }

    /**
     * The workloads whose pods a client request path (query ignored) reaches through any Ingress rule, on any host,
     * by the Ingress path rules: {@code Exact} matches the whole path, {@code Prefix} (and nginx's
     * {@code ImplementationSpecific}) matches whole {@code /}-separated elements.
     */
    static Set<String> ingressRoutes(Manifests m, String request) {
        List<String> requested = pathElements(request.replaceFirst("\\?.*$", ""));
        Set<String> names = new TreeSet<>();
        for (Ingress ingress : m.all(Ingress.class)) {
            for (IngressRule rule : ingress.getSpec().getRules()) {
                for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                    List<String> ruled = pathElements(path.getPath());
                    boolean match = "Exact".equals(path.getPathType())
                            ? ruled.equals(requested)
                            : requested.size() >= ruled.size() && requested.subList(0, ruled.size()).equals(ruled);
                    if (!match) {
                        continue;
                    }
                    Service service = m.named(Service.class, path.getBackend().getService().getName());
                    for (Workload w : Workload.all(m)) {
                        for (int i = 0; i < w.replicas(); i++) {
                            if (Reachability.matches(selector(service), w.podLabels(i))) {
                                names.add(w.name());
                            }
                        }
                    }
                }
            }
        }
        return names;
    }

    private static List<String> pathElements(String path) {
        return Stream.of(path.split("/")).filter(e -> !e.isEmpty()).toList();
    }

    private static Set<String> ingressBackendWorkloads(Manifests m) {
        Set<String> names = new TreeSet<>();
        for (Ingress ingress : m.all(Ingress.class)) {
            for (IngressRule rule : ingress.getSpec().getRules()) {
                for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                    Service service = m.named(Service.class, path.getBackend().getService().getName());
                    for (Workload w : Workload.all(m)) {
                        for (int i = 0; i < w.replicas(); i++) {
                            if (Reachability.matches(selector(service), w.podLabels(i))) {
                                names.add(w.name());
                            }
                        }
                    }
                }
            }
        }
        return names;
    }

    private static Set<String> verbs(Role role, String apiGroup, String resource) {
        return role.getRules().stream()
                .filter(r -> r.getApiGroups().contains(apiGroup) && r.getResources().contains(resource))
                .flatMap(r -> r.getVerbs().stream()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The Secret names in deploy/k8s/README.md's "External Secrets" table (first column, in backticks). */
    static Set<String> documentedExternalSecrets() throws IOException {
        String readme = Files.readString(Project.DEPLOY.resolve("README.md"));
        int start = readme.indexOf("### External Secrets");
        assertThat(start).as("README has an External Secrets section").isNotNegative();
        String section = readme.substring(start);
        int next = section.indexOf("\n#", 1);
        section = next < 0 ? section : section.substring(0, next);
        Set<String> names = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\|\\s*`([a-z0-9.-]+)`\\s*\\|").matcher(section);
        while (row.find()) {
            names.add(row.group(1));
        }
        return names;
    }
}

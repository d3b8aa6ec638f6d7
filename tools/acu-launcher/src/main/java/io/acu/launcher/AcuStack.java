package io.acu.launcher;

import io.acu.fleetsim.http.ClientCredentials;
import io.acu.infra.Infrastructure;
import io.acu.infra.LocalPorts;
import io.acu.infra.ServiceProcess;
import io.acu.infra.WorkDirs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole of acu on one machine: Kafka and PostgreSQL (started or from the environment) and the
 * five packaged services, each on a free port with its log in {@code logDir}. Closing it stops the
 * services, then the infrastructure. Used by {@code ./acu demo} and by the cross-service tests.
 *
 * <p>Started with {@code replicas} above 1 ({@link #start(Path, Path, Map, int)}), manifest-builder, dp-content's
 * distribution manager, state-ingest and fsp run that many instances each ({@link #replicaInstances(int)}); rollout
 * stays single. The replicas share what production shares: the database, Kafka's consumer groups, manifest-builder's
 * source content library (one folder, as a shared volume) and cabinet signing key, and the site's one address for
 * the source share (manifest-builder's first instance, where a load balancer would be).
 */
public final class AcuStack implements AutoCloseable {

    /**
     * The service instances in start order (producers of events before their consumers): one
     * dp-content as distribution manager and distribution point {@code dp01}, a second as
     * distribution point {@code dp02} only, as a site with a central and a branch DP; rollout last (it reads
     * every topic from the start, so nothing is lost by starting it after the producers).
     */
    public static final List<Instance> INSTANCES = List.of(
            new Instance("manifest-builder", "manifest-builder"),
            new Instance("dp-content", "dp-content"),
            new Instance("dp-content-dp02", "dp-content"),
            new Instance("state-ingest", "state-ingest"),
            new Instance("fsp", "fsp"),
            new Instance("rollout", "rollout"));

    /** The boundary group served by {@code dp01} (the instance named {@code dp-content}). */
    public static final String HQ_BOUNDARY_GROUP = "BG-HQ";
    /** The boundary group served by {@code dp02}. */
    public static final String BRANCH_BOUNDARY_GROUP = "BG-Branch";

    /** The instances whose replicas a replicated stack adds, by the first instance's name. */
    public static final List<String> REPLICATED = List.of("manifest-builder", "dp-content", "state-ingest", "fsp");

    /**
     * One process of the stack.
     *
     * @param name the instance name (log file, working folder, key in {@link #services()})
     * @param module the service module it runs
     * @param replicaOf the name of the instance this one is a replica of (configured alike); its own name for a first instance
     */
    public record Instance(String name, String module, String replicaOf) {

        /** A first instance: a replica of itself. */
        public Instance(String name, String module) {
            this(name, module, name);
        }

        /** @return whether this is an added replica ({@code fsp-2}), not a first instance */
        public boolean addedReplica() {
            return !name.equals(replicaOf);
        }
    }

    /**
     * The instances of a stack with {@code replicas} of each of {@link #REPLICATED}: {@link #INSTANCES}, each replicated
     * one followed by its replicas {@code <name>-2} … {@code <name>-<replicas>}. A dp-content replica is a second
     * distribution manager only (the leader election decides which one distributes), not a distribution point: the
     * site's DPs stay dp01 and dp02.
     *
     * @param replicas instances of each replicated service, at least 1 (1: {@link #INSTANCES})
     * @return the instances in start order
     * @throws IllegalArgumentException for fewer than 1 replica
     */
    public static List<Instance> replicaInstances(int replicas) {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1, was " + replicas);
        }
        List<Instance> instances = new ArrayList<>();
        for (Instance instance : INSTANCES) {
            instances.add(instance);
            if (REPLICATED.contains(instance.name())) {
                for (int replica = 2; replica <= replicas; replica++) {
                    instances.add(new Instance(instance.name() + "-" + replica, instance.module(), instance.name()));
                }
            }
        }
        return List.copyOf(instances);
    }

    private final Infrastructure infrastructure;
    private final Map<String, ServiceProcess> services;
    private final DemoCredentials credentials;

    private AcuStack(Infrastructure infrastructure, Map<String, ServiceProcess> services, DemoCredentials credentials) {
        this.infrastructure = infrastructure;
        this.services = services;
        this.credentials = credentials;
    }

    /**
     * Starts the infrastructure, then all service instances side by side, and waits until each is
     * ready. On any failure everything started so far is stopped again.
     *
     * @param projectDir the acu checkout with packaged services
     * @param logDir where each instance writes {@code <name>.log}; the instances' working folders are in its
     *     sibling {@code data/}, emptied first (a fresh site, like the fresh database)
     * @throws io.acu.infra.InfraStartException naming the part that failed, its port and its log
     */
    public static AcuStack start(Path projectDir, Path logDir) {
        return start(projectDir, logDir, Map.of());
    }

    /**
     * Starts the stack as {@link #start(Path, Path)} does, with some instances' settings changed (e.g. fsp's throttle
     * switched off for a load run: {@code Map.of("fsp", Map.of("ACU_FSP_GLOBAL_COUNT", "0"))}).
     *
     * @param overrides environment variables by instance name, applied over the stack's own
     * @throws io.acu.infra.InfraStartException naming the part that failed, its port and its log
     */
    public static AcuStack start(Path projectDir, Path logDir, Map<String, Map<String, String>> overrides) {
        return start(projectDir, logDir, overrides, 1);
    }

    /**
     * Starts the stack as {@link #start(Path, Path, Map)} does with {@code replicas} instances of each of
     * {@link #REPLICATED} ({@link #replicaInstances(int)}).
     *
     * @param overrides environment variables by instance name, applied over the stack's own; an added replica takes
     *     those of the instance it replicates, then its own
     * @param replicas instances of each replicated service, at least 1
     * @throws io.acu.infra.InfraStartException naming the part that failed, its port and its log
     * @throws IllegalArgumentException for fewer than 1 replica
     */
    public static AcuStack start(Path projectDir, Path logDir, Map<String, Map<String, String>> overrides, int replicas) {
        List<Instance> instances = replicaInstances(replicas);
        instances.forEach(instance -> ServiceProcess.runnerJar(projectDir, instance.module())); // fail before starting anything
        Path credentialsDir = logDir.toAbsolutePath().resolveSibling("credentials");
        DemoCredentials credentials = DemoCredentials.create(credentialsDir);
        // A fresh site: the database starts empty, so the content libraries and keys of an earlier run must not
        // survive in the services' working folders (a DP would claim content the new database never distributed).
        Path data = logDir.toAbsolutePath().resolveSibling("data");
        WorkDirs.deleteTree(data);
        SharedFiles shared = new SharedFiles(CabinetSigningKey.create(credentialsDir), data.resolve("manifest-builder-source-library"));
        Map<String, Integer> ports = new LinkedHashMap<>();
        instances.forEach(instance -> ports.put(instance.name(), LocalPorts.freePort()));
        Infrastructure infrastructure = Infrastructure.start();
        Map<String, ServiceProcess> services = new LinkedHashMap<>();
        try {
            for (Instance instance : instances) {
                int port = ports.get(instance.name());
                Map<String, String> environment = new LinkedHashMap<>(infrastructure.serviceEnvironment());
                environment.putAll(settingsOf(instance, ports, credentials, shared));
                environment.putAll(overrides.getOrDefault(instance.replicaOf(), Map.of()));
                if (instance.addedReplica()) {
                    environment.putAll(overrides.getOrDefault(instance.name(), Map.of()));
                }
                services.put(instance.name(), ServiceProcess.of(projectDir, instance.module(), instance.name(), port, environment, logDir));
            }
            // The first instances, then the added replicas: ten JVMs booting at once on two cores take longer than a
            // service's ready timeout, two batches do not.
            startAndAwaitReady(instances.stream().filter(instance -> !instance.addedReplica()).map(instance -> services.get(instance.name())).toList());
            startAndAwaitReady(instances.stream().filter(Instance::addedReplica).map(instance -> services.get(instance.name())).toList());
            return new AcuStack(infrastructure, services, credentials);
        } catch (RuntimeException e) {
            services.values().forEach(ServiceProcess::stop);
            infrastructure.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static void startAndAwaitReady(List<ServiceProcess> batch) {
        batch.forEach(ServiceProcess::start);
        CompletableFuture.allOf(batch.stream().map(service -> CompletableFuture.runAsync(service::awaitReady)).toArray(CompletableFuture[]::new)).join();
    }

    /**
     * What manifest-builder's instances share: the cabinet signing key and the source content library folder.
     *
     * @param signingKey the site's cabinet signing key
     * @param sourceLibrary the source content library (package files by hash)
     */
    private record SharedFiles(CabinetSigningKey signingKey, Path sourceLibrary) {
    }

    /**
     * What one instance needs beyond the infrastructure, as the instance it replicates: manifest-builder the site's URL
     * of the source share (in ManifestUpdated; its first instance's), the key that verifies tokens, the cabinet
     * signing key and the source content library; a dp-content replica what the manager needs, with the DP role off;
     * otherwise as {@link #settingsOf(String, Map, DemoCredentials)}.
     */
    private static Map<String, String> settingsOf(Instance instance, Map<String, Integer> ports, DemoCredentials credentials, SharedFiles shared) {
        Map<String, String> settings = new LinkedHashMap<>(settingsOf(instance.replicaOf(), ports, credentials));
        switch (instance.replicaOf()) {
            case "manifest-builder" -> {
                settings.put("ACU_SIGNING_PRIVATE_KEY_FILE", shared.signingKey().privateKeyPem().toString());
                settings.put("ACU_SIGNING_PUBLIC_KEY_FILE", shared.signingKey().publicKeyPem().toString());
                settings.put("ACU_CONTENT_LIBRARY_PATH", shared.sourceLibrary().toString());
            }
            case "dp-content" -> {
                if (instance.addedReplica()) {
                    settings.put("DP_CONTENT_ROLES_DISTRIBUTION_POINT", "false");
                }
            }
            default -> { }
        }
        return settings;
    }

    /**
     * What one instance needs beyond the infrastructure: manifest-builder its own URL (the source
     * share URL in ManifestUpdated) and the key that verifies tokens; the dp-content manager its
     * service token for the source share with the share's URL (the only place the token is sent to), its two
     * distribution points with their boundary
     * groups; the DP-only instance the content-API token the manager pushes with; rollout, like
     * manifest-builder, the key and issuer of the operators' tokens; state-ingest the site's client-token key.
     */
    private static Map<String, String> settingsOf(String instance, Map<String, Integer> ports, DemoCredentials credentials) {
        return switch (instance) {
            case "manifest-builder" -> Map.of(
                    "ACU_PUBLIC_URL", local(ports, "manifest-builder"),
                    "MP_JWT_VERIFY_PUBLICKEY_LOCATION", credentials.publicKeyPem().toString(),
                    "MP_JWT_VERIFY_ISSUER", DemoCredentials.ISSUER,
                    "MP_JWT_VERIFY_AUDIENCES", DemoCredentials.AUDIENCE);
            case "dp-content" -> Map.of(
                    "DP_CONTENT_MANAGER_SOURCE_TOKEN", credentials.token("dp-content", List.of("acu-dp-content")),
                    "DP_CONTENT_MANAGER_SOURCE_SHARE_URL", local(ports, "manifest-builder") + "/source/",
                    "DP_CONTENT_CONTENT_API_TOKEN", credentials.contentApiToken(),
                    "DP_CONTENT_DIRECTORY_POINTS_DP01_CONTENT_API_URL", local(ports, "dp-content"),
                    "DP_CONTENT_DIRECTORY_POINTS_DP01_CLIENT_URL", local(ports, "dp-content"),
                    "DP_CONTENT_DIRECTORY_POINTS_DP01_BOUNDARY_GROUPS", HQ_BOUNDARY_GROUP,
                    "DP_CONTENT_DIRECTORY_POINTS_DP02_CONTENT_API_URL", local(ports, "dp-content-dp02"),
                    "DP_CONTENT_DIRECTORY_POINTS_DP02_CLIENT_URL", local(ports, "dp-content-dp02"),
                    "DP_CONTENT_DIRECTORY_POINTS_DP02_BOUNDARY_GROUPS", BRANCH_BOUNDARY_GROUP);
            case "rollout" -> Map.of(
                    "MP_JWT_VERIFY_PUBLICKEY_LOCATION", credentials.publicKeyPem().toString(),
                    "MP_JWT_VERIFY_ISSUER", DemoCredentials.ISSUER,
                    "MP_JWT_VERIFY_AUDIENCES", DemoCredentials.AUDIENCE,
                    "ACU_ROLLOUT_CLIENT_TOKENS_KEY_FILE", credentials.clientTokenKey().toString());
            case "dp-content-dp02" -> Map.of(
                    "DP_CONTENT_ROLES_MANAGER", "false",
                    "DP_CONTENT_CONTENT_API_TOKEN", credentials.contentApiToken());
            case "state-ingest" -> Map.of("ACU_INTAKE_CLIENT_TOKENS_KEY_FILE", credentials.clientTokenKey().toString(),
                    "ACU_INTAKE_MAX_MESSAGE_TIME_AHEAD", SIMULATED_FUTURE);
            // Every simulated client posts from 127.0.0.1: the per-address budget (2,000 per hour, meant for one NAT'd
            // site) would stall a demo fleet of more than about 2,000 clients on 429s with an hour's Retry-After.
            case "fsp" -> Map.of("ACU_FSP_MAX_MESSAGE_TIME_AHEAD", SIMULATED_FUTURE, "ACU_FSP_PER_ADDRESS_COUNT", "0");
            default -> Map.of();
        };
    }

    /**
     * How far ahead of the wall clock the intakes accept MessageTimes here: the simulated fleet lives on a virtual clock
     * that starts now and runs through its whole horizon (weeks of maintenance windows in minutes), so its reports are
     * dated up to the horizon ahead; a site keeps the default of 24 h.
     */
    static final String SIMULATED_FUTURE = "400d";

    private static String local(Map<String, Integer> ports, String instance) {
        return "http://127.0.0.1:" + ports.get(instance);
    }

    /** @return a bearer token with the {@code acu-admin} role, valid for a day (hotfix uploads, settings) */
    public String adminToken() {
        return credentials.token("acu-demo-admin", List.of("acu-admin"));
    }

    /** @return a bearer token with the {@code acu-viewer} role, valid for a day (what fleet-sim reads packages with) */
    public String viewerToken() {
        return credentials.token("acu-fleet-sim", List.of("acu-viewer"));
    }

    /**
     * @param clientId a client's SMS unique identifier
     * @return the token this stack's site issued to it, as the client presents it to state-ingest's intake and rollout
     */
    public String clientToken(String clientId) {
        return credentials.clientTokens().issue(clientId);
    }

    /** @return what each simulated client presents at state-ingest's intake and to rollout: a token issued to its client ID */
    public ClientCredentials clientCredentials() {
        return ClientCredentials.issuedBy(credentials.clientTokens());
    }

    /** @return the infrastructure of this stack */
    public Infrastructure infrastructure() {
        return infrastructure;
    }

    /** @return the running services by name, in start order */
    public Map<String, ServiceProcess> services() {
        return Collections.unmodifiableMap(services);
    }

    /**
     * An instance and its added replicas.
     *
     * @param name a first instance's name, e.g. {@code fsp}
     * @return it and its replicas ({@code fsp}, {@code fsp-2}, …), in start order; just it in a stack of one replica each
     * @throws IllegalArgumentException for an unknown name
     */
    public List<ServiceProcess> replicas(String name) {
        ServiceProcess first = service(name);
        List<ServiceProcess> replicas = new ArrayList<>(List.of(first));
        for (int replica = 2; services.containsKey(name + "-" + replica); replica++) {
            replicas.add(services.get(name + "-" + replica));
        }
        return List.copyOf(replicas);
    }

    /** @return one running service; @throws IllegalArgumentException for an unknown name */
    public ServiceProcess service(String name) {
        ServiceProcess service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name + "; known: " + services.keySet());
        }
        return service;
    }

    /** Stops the services (in reverse order), then Kafka and PostgreSQL. */
    @Override
    public void close() {
        List<ServiceProcess> reversed = new ArrayList<>(services.values());
        Collections.reverse(reversed);
        reversed.forEach(ServiceProcess::stop);
        infrastructure.close();
    }
}

package io.acu.launcher;

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

    /**
     * One process of the stack.
     *
     * @param name the instance name (log file, working folder, key in {@link #services()})
     * @param module the service module it runs
     */
    public record Instance(String name, String module) {
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
        INSTANCES.forEach(instance -> ServiceProcess.runnerJar(projectDir, instance.module())); // fail before starting anything
        DemoCredentials credentials = DemoCredentials.create(logDir.toAbsolutePath().resolveSibling("credentials"));
        // A fresh site: the database starts empty, so the content libraries and keys of an earlier run must not
        // survive in the services' working folders (a DP would claim content the new database never distributed).
        WorkDirs.deleteTree(logDir.toAbsolutePath().resolveSibling("data"));
        Map<String, Integer> ports = new LinkedHashMap<>();
        INSTANCES.forEach(instance -> ports.put(instance.name(), LocalPorts.freePort()));
        Infrastructure infrastructure = Infrastructure.start();
        Map<String, ServiceProcess> services = new LinkedHashMap<>();
        try {
            for (Instance instance : INSTANCES) {
                int port = ports.get(instance.name());
                Map<String, String> environment = new LinkedHashMap<>(infrastructure.serviceEnvironment());
                environment.putAll(settingsOf(instance.name(), ports, credentials));
                environment.putAll(overrides.getOrDefault(instance.name(), Map.of()));
                services.put(instance.name(), ServiceProcess.of(projectDir, instance.module(), instance.name(), port, environment, logDir).start());
            }
            CompletableFuture.allOf(services.values().stream()
                    .map(service -> CompletableFuture.runAsync(service::awaitReady))
                    .toArray(CompletableFuture[]::new)).join();
            return new AcuStack(infrastructure, services, credentials);
        } catch (RuntimeException e) {
            services.values().forEach(ServiceProcess::stop);
            infrastructure.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * What one instance needs beyond the infrastructure: manifest-builder its own URL (the source
     * share URL in ManifestUpdated) and the key that verifies tokens; the dp-content manager its
     * service token for the source share with the share's URL (the only place the token is sent to), its two
     * distribution points with their boundary
     * groups; the DP-only instance the content-API token the manager pushes with; rollout, like
     * manifest-builder, the key and issuer of the operators' tokens.
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
                    "MP_JWT_VERIFY_AUDIENCES", DemoCredentials.AUDIENCE);
            case "dp-content-dp02" -> Map.of(
                    "DP_CONTENT_ROLES_MANAGER", "false",
                    "DP_CONTENT_CONTENT_API_TOKEN", credentials.contentApiToken());
            default -> Map.of();
        };
    }

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

    /** @return the infrastructure of this stack */
    public Infrastructure infrastructure() {
        return infrastructure;
    }

    /** @return the running services by name, in start order */
    public Map<String, ServiceProcess> services() {
        return Collections.unmodifiableMap(services);
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

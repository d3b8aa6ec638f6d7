package io.acu.launcher;

import io.acu.infra.Infrastructure;
import io.acu.infra.LocalPorts;
import io.acu.infra.ServiceProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole of acu on one machine: Kafka and PostgreSQL (started or from the environment) and the
 * four packaged services, each on a free port with its log in {@code logDir}. Closing it stops the
 * services, then the infrastructure. Used by {@code ./acu demo} and by the cross-service tests.
 */
public final class AcuStack implements AutoCloseable {

    /** The services in start order: producers of events before their consumers. */
    public static final List<String> SERVICES = List.of("manifest-builder", "dp-content", "state-ingest", "fsp");

    private final Infrastructure infrastructure;
    private final Map<String, ServiceProcess> services;
    private final DemoCredentials credentials;

    private AcuStack(Infrastructure infrastructure, Map<String, ServiceProcess> services, DemoCredentials credentials) {
        this.infrastructure = infrastructure;
        this.services = services;
        this.credentials = credentials;
    }

    /**
     * Starts the infrastructure, then all services side by side, and waits until each is ready.
     * On any failure everything started so far is stopped again.
     *
     * @param projectDir the acu checkout with packaged services
     * @param logDir where each service writes {@code <name>.log}
     * @throws io.acu.infra.InfraStartException naming the part that failed, its port and its log
     */
    public static AcuStack start(Path projectDir, Path logDir) {
        SERVICES.forEach(name -> ServiceProcess.runnerJar(projectDir, name)); // fail before starting anything
        DemoCredentials credentials = DemoCredentials.create(logDir.toAbsolutePath().resolveSibling("credentials"));
        Infrastructure infrastructure = Infrastructure.start();
        Map<String, ServiceProcess> services = new LinkedHashMap<>();
        try {
            for (String name : SERVICES) {
                int port = LocalPorts.freePort();
                Map<String, String> environment = new LinkedHashMap<>(infrastructure.serviceEnvironment());
                environment.putAll(settingsOf(name, port, credentials));
                services.put(name, ServiceProcess.of(projectDir, name, port, environment, logDir).start());
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
     * What one service needs beyond the infrastructure: manifest-builder its own URL (the source share
     * URL in ManifestUpdated) and the key that verifies tokens; dp-content its service token for the
     * source share.
     */
    private static Map<String, String> settingsOf(String service, int port, DemoCredentials credentials) {
        return switch (service) {
            case "manifest-builder" -> Map.of(
                    "ACU_PUBLIC_URL", "http://127.0.0.1:" + port,
                    "MP_JWT_VERIFY_PUBLICKEY_LOCATION", credentials.publicKeyPem().toString(),
                    "MP_JWT_VERIFY_ISSUER", DemoCredentials.ISSUER);
            case "dp-content" -> Map.of(
                    "DP_CONTENT_MANAGER_SOURCE_TOKEN", credentials.token("dp-content", List.of("acu-dp-content")),
                    "DP_CONTENT_CONTENT_API_TOKEN", credentials.contentApiToken());
            default -> Map.of();
        };
    }

    /** @return a bearer token with the {@code acu-admin} role, valid for a day (hotfix uploads, settings) */
    public String adminToken() {
        return credentials.token("acu-demo-admin", List.of("acu-admin"));
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

package io.acu.launcher;

import io.acu.infra.Infrastructure;
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

    private AcuStack(Infrastructure infrastructure, Map<String, ServiceProcess> services) {
        this.infrastructure = infrastructure;
        this.services = services;
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
        Infrastructure infrastructure = Infrastructure.start();
        Map<String, ServiceProcess> services = new LinkedHashMap<>();
        try {
            for (String name : SERVICES) {
                services.put(name, ServiceProcess.of(projectDir, name, infrastructure.serviceEnvironment(), logDir).start());
            }
            CompletableFuture.allOf(services.values().stream()
                    .map(service -> CompletableFuture.runAsync(service::awaitReady))
                    .toArray(CompletableFuture[]::new)).join();
            return new AcuStack(infrastructure, services);
        } catch (RuntimeException e) {
            services.values().forEach(ServiceProcess::stop);
            infrastructure.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
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

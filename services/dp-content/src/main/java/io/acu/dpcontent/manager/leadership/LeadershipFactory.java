package io.acu.dpcontent.manager.leadership;

import io.acu.dpcontent.common.DpContentConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.DriverManager;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the {@link Leadership} adapter that {@code dp-content.manager.leadership.mode} names, one per start of the
 * distribution manager (a closed adapter does not campaign again).
 */
@ApplicationScoped
public class LeadershipFactory {

    /** The database lock's key of the distribution manager role. */
    static final int DISTRIBUTION_MANAGER_LOCK = "dp-content.distribution-manager".hashCode();

    private final DpContentConfig config;
    private final Instance<KubernetesClient> kubernetes;
    private final String jdbcUrl;
    private final Optional<String> username;
    private final Optional<String> password;

    LeadershipFactory(DpContentConfig config, Instance<KubernetesClient> kubernetes,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.config = config;
        this.kubernetes = kubernetes;
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
    }

    /**
     * @return a new, not yet started adapter
     * @throws IllegalArgumentException for an unknown mode
     */
    public Leadership create() {
        DpContentConfig.Leadership settings = config.manager().leadership();
        String identity = settings.identity().orElseGet(LeadershipFactory::hostName);
        return switch (settings.mode()) {
            case "database" -> new DatabaseLeadership(() -> {
                Properties properties = new Properties();
                username.ifPresent(u -> properties.setProperty("user", u));
                password.ifPresent(p -> properties.setProperty("password", p));
                // Keepalives let both sides notice a dead peer; the server then releases the lock.
                properties.setProperty("tcpKeepAlive", "true");
                properties.setProperty("ApplicationName", "acu dp-content leadership " + identity);
                return DriverManager.getConnection(jdbcUrl, properties);
            }, DISTRIBUTION_MANAGER_LOCK, identity, settings.checkInterval());
            case "kubernetes" -> new KubernetesLeaseLeadership(kubernetes.get(),
                    settings.namespace().orElse(kubernetes.get().getNamespace()), settings.leaseName(), identity,
                    KubernetesLeaseLeadership.Timing.DEFAULT);
            default -> throw new IllegalArgumentException("dp-content.manager.leadership.mode must be database or kubernetes, got '"
                    + settings.mode() + "'");
        };
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        } catch (UnknownHostException e) {
            return "dp-content-" + ProcessHandle.current().pid();
        }
    }
}

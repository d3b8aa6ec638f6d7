package io.acu.dpcontent.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * dp-content's settings ({@code dp-content.*}, each overridable by environment, e.g. {@code DP_CONTENT_ROLES_MANAGER=false}).
 *
 * <pre>
 * dp-content.roles.manager=true                      distribution manager: consume acu.manifest.updated, push to DPs
 * dp-content.roles.distribution-point=true           distribution point: content library, content API, client downloads
 * dp-content.dp.library-dir=data/dp/SCCMContentLib   this DP's content library
 * dp-content.manager.library-dir=data/site/SCCMContentLib   the site's library (files fetched from the source share)
 * dp-content.manager.max-attempts=5, dp-content.manager.initial-backoff=10S, dp-content.manager.max-backoff=10M
 * dp-content.manager.poll-interval=1S                how often due distributions and the status outbox are looked at
 * dp-content.directory.source=static|kubernetes      where distribution points come from
 * dp-content.directory.namespace=acu                 namespace of the DistributionPoint resources (kubernetes)
 * dp-content.directory.points.dp01.content-api-url=http://localhost:8082   (static)
 * dp-content.directory.points.dp01.client-url=http://localhost:8082
 * dp-content.directory.points.dp01.boundary-groups=10.1.0.0/16,HQ
 * dp-content.directory.points.dp01.enabled=true
 * </pre>
 */
@ConfigMapping(prefix = "dp-content")
public interface DpContentConfig {

    /** @return which roles this instance runs */
    Roles roles();

    /** @return distribution point settings */
    Dp dp();

    /** @return distribution manager settings */
    Manager manager();

    /** @return where distribution points come from */
    Directory directory();

    /** The roles of one instance; the demo runs one manager+DP and one DP-only instance. */
    interface Roles {
        /** @return run the distribution manager */
        @WithDefault("true")
        boolean manager();

        /** @return run the distribution point */
        @WithDefault("true")
        boolean distributionPoint();
    }

    /** Distribution point role. */
    interface Dp {
        /** @return the content library directory */
        @WithDefault("data/dp/SCCMContentLib")
        String libraryDir();

        /** @return how often the library is re-hashed (content validation); 0 turns the schedule off */
        @WithDefault("24H")
        Duration validationInterval();
    }

    /**
     * @return the bearer token a distribution point's content API ({@code /api/dp/*}: pushes, registration,
     *     validation) demands and the distribution manager presents; without one the API is open, which only a
     *     single-machine trial should run with (a warning is logged)
     */
    Optional<String> contentApiToken();

    /** Distribution manager role. */
    interface Manager {
        /** @return the site's content library directory */
        @WithDefault("data/site/SCCMContentLib")
        String libraryDir();

        /** @return attempts per package version and DP before INSTALL_FAILED */
        @WithDefault("5")
        int maxAttempts();

        /** @return wait after the first failed attempt; doubles per attempt */
        @WithDefault("10S")
        Duration initialBackoff();

        /** @return longest wait between attempts */
        @WithDefault("10M")
        Duration maxBackoff();

        /** @return how often due work is picked up */
        @WithDefault("1S")
        Duration pollInterval();

        /**
         * @return how often each DP is asked which package versions it still has; INSTALLED ones it lost (content
         *     validation) are distributed again
         */
        @WithDefault("15M")
        Duration contentCheckInterval();

        /**
         * @return how often the desired state is checked: every enabled DP holds each package's current version (a DP
         *     added after a version was published receives it)
         */
        @WithDefault("30S")
        Duration reconcileInterval();

        /** @return connect timeout towards the source share and DPs */
        @WithDefault("5S")
        Duration connectTimeout();

        /**
         * @return longest wait for the answer of an exchange that sends no file (a DP's library check, registration and
         *     package list; the source share's answer to a file request): a peer that accepts and never answers fails
         *     the attempt after this, and is retried
         */
        @WithDefault("60S")
        Duration answerTimeout();

        /** @return longest time one file push to a DP may take */
        @WithDefault("30M")
        Duration requestTimeout();

        /**
         * @return the bearer token (a JWT with group {@code acu-dp-content}) presented to manifest-builder's source
         *     share, which serves package files to dp-content only; empty for a share without authentication
         */
        Optional<String> sourceToken();

        /**
         * @return a file holding the source-share token (a mounted Secret), read again whenever it changes so a
         *     rotated token is used without a restart; when set it takes the place of {@link #sourceToken()}
         */
        Optional<java.nio.file.Path> sourceTokenFile();

        /**
         * @return the source share's base URL, e.g. {@code http://manifest-builder/source/} (manifest-builder's
         *     {@code acu.public-url} followed by {@code /source/}); the source token is sent only to URLs under it, and
         *     a package whose {@code contentSourceUrl} lies elsewhere fails with that reason. Required with a token.
         */
        Optional<URI> sourceShareUrl();

        /** @return how the replicas choose the one that distributes */
        Leadership leadership();
    }

    /**
     * Leadership of the distribution manager among replicas: only the leader distributes; a new one takes over within
     * 30 s of the leader's death.
     */
    interface Leadership {
        /**
         * @return {@code database} (a PostgreSQL advisory lock, sites without Kubernetes and the demo) or
         *     {@code kubernetes} (a {@code coordination.k8s.io} Lease, deploy/k8s)
         */
        @WithDefault("database")
        String mode();

        /** @return this replica's name in the election; default the host name (a pod's name on Kubernetes) */
        Optional<String> identity();

        /** @return database mode: how often a follower tries the lock and the leader checks its session */
        @WithDefault("5S")
        Duration checkInterval();

        /** @return kubernetes mode: the Lease's name */
        @WithDefault("dp-content-distribution-manager")
        String leaseName();

        /** @return kubernetes mode: the Lease's namespace; default the client's (the pod's) namespace */
        Optional<String> namespace();
    }

    /** Distribution point directory. */
    interface Directory {
        /** @return {@code static} (configuration) or {@code kubernetes} (DistributionPoint resources) */
        @WithDefault("static")
        String source();

        /** @return namespace of the DistributionPoint resources; the client's namespace when empty */
        Optional<String> namespace();

        /** @return statically configured distribution points, by name */
        Map<String, Point> points();
    }

    /** A statically configured distribution point. */
    interface Point {
        /** @return base URL of its content API */
        URI contentApiUrl();

        /** @return base URL clients use; the content API URL when absent */
        Optional<URI> clientUrl();

        /** @return client subnets or boundary group names */
        Optional<List<String>> boundaryGroups();

        /** @return whether content is distributed to it */
        @WithDefault("true")
        boolean enabled();
    }
}

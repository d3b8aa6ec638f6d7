package io.acu.dpcontent.point.http;

import io.acu.dpcontent.common.DpContentConfig;
import io.acu.dpcontent.library.ContentLibrary;
import io.acu.dpcontent.library.ValidationReport;
import io.acu.dpcontent.library.fs.FileSystemContentStore;
import io.acu.dpcontent.point.ContentRequestPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs the distribution point role when {@code dp-content.roles.distribution-point} is true: opens the content library
 * ({@code dp-content.dp.library-dir}), mounts its two HTTP surfaces on Quarkus's HTTP router ({@link ClientDownloadRoutes}
 * for clients, {@link ContentApiRoutes} for the distribution manager), and re-hashes the library every
 * {@code dp-content.dp.validation-interval} (ConfigMgr's scheduled content validation).
 */
@ApplicationScoped
public class DistributionPointServer {

    private static final Logger LOG = Logger.getLogger(DistributionPointServer.class);

    private final DpContentConfig config;
    private final Vertx vertx;
    private final MeterRegistry meters;
    private volatile ContentLibrary library;

    DistributionPointServer(DpContentConfig config, Vertx vertx, MeterRegistry meters) {
        this.config = config;
        this.vertx = vertx;
        this.meters = meters;
    }

    void mount(@Observes Router router) {
        if (!config.roles().distributionPoint()) {
            return;
        }
        try {
            library = ContentLibrary.open(FileSystemContentStore.open(Path.of(config.dp().libraryDir())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the DP content library at " + config.dp().libraryDir(), e);
        }
        if (config.contentApiToken().isEmpty()) {
            LOG.warn("dp-content.content-api-token is not set: this distribution point's content API (/api/dp) is open to anyone");
        }
        new ClientDownloadRoutes(vertx, library, meters).mount(router);
        new ContentApiRoutes(vertx, library, config.contentApiToken(), meters).mount(router);
        long interval = config.dp().validationInterval().toMillis();
        if (interval > 0) {
            vertx.setPeriodic(interval, id -> vertx.executeBlocking(() -> library.validate(), false)
                    .onSuccess(DistributionPointServer::log)
                    .onFailure(e -> LOG.errorf(e, "content validation failed")));
        }
        LOG.infof("distribution point serving %s from %s", ContentRequestPath.SHARE, config.dp().libraryDir());
    }

    private static void log(ValidationReport report) {
        if (report.damaged().isEmpty()) {
            LOG.infof("content validation: %d files, %d bytes, all intact", report.filesChecked(), report.bytesChecked());
        } else {
            LOG.warnf("content validation: %d damaged files removed %s; package versions no longer available: %s",
                    report.damaged().size(), report.damaged(), report.affected());
        }
    }

    /** @return this DP's content library, when the role runs */
    public Optional<ContentLibrary> library() {
        return Optional.ofNullable(library);
    }
}

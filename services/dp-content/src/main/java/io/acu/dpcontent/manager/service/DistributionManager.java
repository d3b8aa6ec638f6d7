package io.acu.dpcontent.manager.service;

import io.acu.contracts.EventJson;
import io.acu.contracts.ManifestUpdated;
import io.acu.dpcontent.common.DpContentConfig;
import io.acu.dpcontent.core.DistributionStatus;
import io.acu.dpcontent.core.RetryPolicy;
import io.acu.dpcontent.directory.DistributionPoint;
import io.acu.dpcontent.directory.DistributionPointDirectory;
import io.acu.dpcontent.library.ContentLibrary;
import io.acu.dpcontent.library.PackageContent;
import io.acu.dpcontent.library.ValidationReport;
import io.acu.dpcontent.library.fs.FileSystemContentStore;
import io.acu.dpcontent.manager.ContentTransfer.DistributionException;
import io.acu.dpcontent.manager.ContentTransfer;
import io.acu.dpcontent.manager.InstalledContentCheck;
import io.acu.dpcontent.manager.PackagePlan;
import io.acu.dpcontent.manager.client.HttpTransfers;
import io.acu.dpcontent.manager.client.SourceToken;
import io.acu.dpcontent.manager.leadership.Leadership;
import io.acu.dpcontent.manager.leadership.LeadershipFactory;
import io.acu.dpcontent.manager.persistence.DistributionStore;
import io.acu.outbox.TraceContext;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The distribution manager's loop (ConfigMgr's distribution manager): every poll interval it relays pending status
 * events, then runs an attempt for each distribution that is due (INSTALL_PENDING, or INSTALL_RETRYING whose backoff
 * has passed), at most one at a time per package version and DP. An attempt is a {@link ContentTransfer}; its
 * outcome is recorded with the {@link RetryPolicy}: INSTALLED, INSTALL_RETRYING, or INSTALL_FAILED once the attempts
 * are exhausted.
 *
 * <p>A failure that retrying cannot cure ({@link DistributionException#permanent()}, e.g. the source share answered
 * 404) ends INSTALL_FAILED at once.
 *
 * <p>Restart-safe: all state is in the database. A distribution interrupted by a restart is still INSTALL_PENDING or
 * INSTALL_RETRYING there and is attempted again once the manager is back (at once when PENDING, after its backoff when
 * RETRYING); an attempt cut short by the manager's own shutdown records nothing, so it neither costs a retry nor
 * overwrites what the next run records. The DP side is idempotent (single-instance library, verified commits, staging
 * cleared at start, the version made available only when complete), so a DP never ends INSTALLED with a missing or
 * partial file.
 *
 * <p>Replicas: every instance with the manager role campaigns for {@link Leadership}; only the leader runs the loop. A
 * run starts when the instance starts leading and stops, abandoning its attempts as at shutdown, when it stops leading;
 * a recorded outcome is a compare-and-set on the state it started from, so a deposed leader's late attempt cannot
 * overwrite the new leader's record.
 *
 * <p>Tracing: each attempt is a span in the trace of the ManifestUpdated its version came in (kept with the version),
 * with the HTTP exchanges as client spans and the status events it announces sent in the same trace.
 */
@ApplicationScoped
public class DistributionManager {

    private static final Logger LOG = Logger.getLogger(DistributionManager.class);
    /** Attempts at once per DP: each DP has its own threads, so a DP that stalls holds up only its own work. */
    private static final int ATTEMPTS_PER_DP = 2;
    private static final int DUE_BATCH = 64;
    /** The name of an attempt's span; its attributes name the package, version, DP and attempt number. */
    public static final String ATTEMPT_SPAN = "distribution attempt";
    /** Span attribute: the package, e.g. {@code CAS00006} (as manifest-builder's hotfix span). */
    public static final AttributeKey<String> PACKAGE_ATTRIBUTE = AttributeKey.stringKey("acu.package.id");
    /** Span attribute: the package version. */
    public static final AttributeKey<Long> VERSION_ATTRIBUTE = AttributeKey.longKey("acu.package.version");
    /** Span attribute: the distribution point's name. */
    public static final AttributeKey<String> DP_ATTRIBUTE = AttributeKey.stringKey("acu.dp.name");
    /** Span attribute: which attempt this is, from 1. */
    public static final AttributeKey<Long> ATTEMPT_ATTRIBUTE = AttributeKey.longKey("acu.distribution.attempt");
    /** MDC keys of an attempt's log lines (a JSON log line's {@code mdc.packageId}, {@code mdc.distributionPoint}). */
    public static final String PACKAGE_ID = "packageId";
    public static final String DISTRIBUTION_POINT = "distributionPoint";

    private final DpContentConfig config;
    private final DistributionStore store;
    private final DistributionPointDirectory directory;
    private final MeterRegistry meters;
    private final Clock clock;
    private final LeadershipFactory leaderships;
    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;
    private volatile Leadership leadership;
    private volatile Run run;
    private ContentLibrary siteLibrary;
    private HttpTransfers transfers;
    private RetryPolicy policy;
    private Instant nextContentCheck = Instant.EPOCH;
    private Instant nextReconcile = Instant.EPOCH;

    DistributionManager(DpContentConfig config, DistributionStore store, DistributionPointDirectory directory,
                        MeterRegistry meters, Clock clock, LeadershipFactory leaderships, OpenTelemetry openTelemetry,
                        @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean tracingOff) {
        this.config = config;
        this.store = store;
        this.directory = directory;
        this.meters = meters;
        this.clock = clock;
        this.leaderships = leaderships;
        // With the SDK off, Quarkus' OpenTelemetry still makes valid (unexported) spans: use the no-op one instead,
        // so nothing is traced, stored or sent in headers.
        this.openTelemetry = tracingOff ? OpenTelemetry.noop() : openTelemetry;
        this.tracer = this.openTelemetry.getTracer("io.acu.dpcontent.manager");
    }

    void start(@Observes StartupEvent event) {
        if (!config.roles().manager()) {
            return;
        }
        DpContentConfig.Manager m = config.manager();
        try {
            siteLibrary = ContentLibrary.open(FileSystemContentStore.open(Path.of(m.libraryDir())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the site content library at " + m.libraryDir(), e);
        }
        SourceToken sourceToken = m.sourceTokenFile().map(SourceToken::fromFile)
                .orElseGet(() -> m.sourceToken().map(SourceToken::of).orElse(SourceToken.none()));
        transfers = new HttpTransfers(m.connectTimeout(), m.answerTimeout(), m.requestTimeout(), sourceToken, m.sourceShareUrl(),
                config.contentApiToken(), openTelemetry);
        FunctionCounter.builder("acu.dp.source.refused", transfers, HttpTransfers::sourceRefusals)
                .description("Times the source share refused dp-content's token (401/403); each is retried").register(meters);
        if (sourceToken.configured() && m.sourceShareUrl().isEmpty()) {
            LOG.warn("dp-content.manager.source-token is set but dp-content.manager.source-share-url is not: no package file will be"
                    + " fetched, as the token goes only to URLs under the source share");
        }
        policy = new RetryPolicy(m.maxAttempts(), m.initialBackoff(), m.maxBackoff());
        leadership = leaderships.create();
        Gauge.builder("acu.dp.manager.leading", this, manager -> manager.running() ? 1 : 0)
                .description("1 while this replica leads and runs the distribution manager, else 0").register(meters);
        LOG.infof("distribution manager ready: site library %s, %s; campaigning for leadership as %s", m.libraryDir(), policy,
                leadership.identity());
        leadership.start(new Leadership.Listener() {
            @Override
            public void startedLeading() {
                startRun();
            }

            @Override
            public void stoppedLeading() {
                stopRun();
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        Leadership current = leadership;
        if (current != null) {
            current.close(); // stops the run and lets another replica take over at once
            leadership = null;
        }
        stopRun();
    }

    private synchronized void startRun() {
        stopRun();
        Run started = new Run();
        run = started;
        long every = config.manager().pollInterval().toMillis();
        started.loop.scheduleWithFixedDelay(() -> tick(started), 0, every, TimeUnit.MILLISECONDS);
        LOG.info("distribution manager running: this replica leads");
    }

    private synchronized void stopRun() {
        Run stopping = run;
        if (stopping != null) {
            stopping.stop();
            run = null;
            LOG.info("distribution manager stopped: this replica no longer leads");
        }
    }

    /** @return whether this instance runs the distribution loop now (it leads) */
    public boolean running() {
        return run != null;
    }

    /**
     * One start-to-stop run of the manager: its threads, and the distributions it is attempting. Attempts still
     * running when it stops are abandoned, not recorded (see the class comment). Each DP has its own lane of
     * {@link #ATTEMPTS_PER_DP} threads for its attempts and content checks, so one DP that accepts connections and
     * never answers (until the answer timeout) delays nobody else; the loop thread itself never talks to a DP.
     */
    private static final class Run {
        final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(daemon("dp-distribution-loop"));
        final Map<String, ExecutorService> lanes = new ConcurrentHashMap<>();
        final Set<String> inFlight = ConcurrentHashMap.newKeySet();
        volatile boolean stopped;

        /** Runs {@code work} in the DP's lane unless work under the same key is in flight; failures are logged. */
        void submit(String distributionPoint, String key, Runnable work) {
            if (stopped || !inFlight.add(key)) {
                return;
            }
            ExecutorService lane = lanes.computeIfAbsent(distributionPoint,
                    dp -> Executors.newFixedThreadPool(ATTEMPTS_PER_DP, daemon("dp-distribution-" + dp)));
            try {
                lane.execute(() -> {
                    try {
                        work.run();
                    } catch (RuntimeException e) {
                        if (stopped) {
                            LOG.debugf("%s abandoned by the manager's stop: %s", key, e.getMessage());
                        } else {
                            LOG.errorf(e, "%s could not be recorded; it stays due", key);
                        }
                    } finally {
                        inFlight.remove(key);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                inFlight.remove(key); // stopping
            }
        }

        void stop() {
            stopped = true;
            loop.shutdownNow();
            lanes.values().forEach(ExecutorService::shutdownNow);
        }
    }

    /** @return the site content library (files fetched from the source share), when the manager role runs */
    public Optional<ContentLibrary> siteLibrary() {
        return Optional.ofNullable(siteLibrary);
    }

    private void tick(Run current) {
        try {
            if (clock.instant().isAfter(nextContentCheck)) {
                nextContentCheck = clock.instant().plus(config.manager().contentCheckInterval());
                checkInstalledContent(current);
            }
            if (clock.instant().isAfter(nextReconcile)) {
                nextReconcile = clock.instant().plus(config.manager().reconcileInterval());
                reconcile();
            }
            List<DistributionStatus> due = BlockingCalls.await(() -> store.due(clock.instant(), DUE_BATCH));
            for (DistributionStatus status : due) {
                current.submit(status.distributionPoint(), "distribution attempt " + status.packageId() + "/" + status.packageVersion()
                        + "/" + status.distributionPoint(), () -> traced(status, () -> attempt(status, current)));
            }
        } catch (RuntimeException e) {
            if (!current.stopped) {
                LOG.warnf("distribution loop: %s", e.getMessage());
            }
        }
    }

    /** Records a distribution for every enabled DP that lacks a package's current version (see the store's reconcile). */
    private void reconcile() {
        List<String> enabled = directory.distributionPoints().stream().filter(DistributionPoint::enabled).map(DistributionPoint::name).toList();
        List<DistributionStatus> added = BlockingCalls.await(() -> store.reconcile(enabled, clock.instant()));
        for (DistributionStatus pending : added) {
            LOG.infof("%s v%d is current but %s never received it: INSTALL_PENDING", pending.packageId(), pending.packageVersion(),
                    pending.distributionPoint());
        }
    }

    /**
     * Asks each enabled DP which package versions it has; those recorded INSTALLED but gone (content validation
     * withdrew them) go back to INSTALL_PENDING and are distributed again.
     */
    private void checkInstalledContent(Run current) {
        for (DistributionPoint dp : directory.distributionPoints()) {
            if (dp.enabled()) {
                current.submit(dp.name(), "content check of " + dp.name(), () -> checkInstalledContent(dp));
            }
        }
    }

    private void checkInstalledContent(DistributionPoint dp) {
        try {
            // Recorded first, the DP asked second: a version installed between the two reads is then on the DP when
            // it is asked. The other order took a version that became INSTALLED meanwhile for lost content.
            List<DistributionStatus> recorded = BlockingCalls.await(() -> store.statusesOn(dp.name()));
            Set<ValidationReport.PackageVersionRef> available = transfers.available(dp);
            for (DistributionStatus gone : InstalledContentCheck.missing(recorded, available)) {
                LOG.warnf("%s v%d is INSTALLED on %s but the DP no longer has it: redistributing", gone.packageId(),
                        gone.packageVersion(), dp.name());
                BlockingCalls.await(() -> store.redistribute(gone.packageId(), gone.packageVersion(), dp.name(), false, clock.instant()));
            }
        } catch (DistributionException e) {
            LOG.debugf("content check of %s skipped: %s", dp.name(), e.getMessage());
        }
    }

    private void attempt(DistributionStatus status, Run current) {
        Timer.Sample sample = Timer.start(meters);
        String eventJson = BlockingCalls.await(() -> store.manifestEvent(status.packageId(), status.packageVersion()))
                .orElseThrow(() -> new IllegalStateException("no manifest recorded for " + status.packageId() + " v" + status.packageVersion()));
        ManifestUpdated manifest = EventJson.decode(eventJson, ManifestUpdated.class).payload();
        PackageContent content = PackagePlan.contentOf(manifest);
        Optional<DistributionPoint> dp = directory.find(status.distributionPoint());
        DistributionStatus next;
        if (dp.isEmpty() || !dp.get().enabled()) {
            next = status.failed("distribution point " + status.distributionPoint()
                    + (dp.isEmpty() ? " is not in the directory" : " is disabled"), 0, policy, clock.instant());
        } else {
            try {
                ContentTransfer.Result result = ContentTransfer.distribute(content,
                        transfers.source(manifest.contentSourceUrl(), siteLibrary), transfers.target(dp.get()));
                next = status.installed(result.bytesSent(), clock.instant());
                LOG.infof("%s v%d INSTALLED on %s: sent %s (%d bytes)", status.packageId(), status.packageVersion(),
                        status.distributionPoint(), result.filesSent(), result.bytesSent());
            } catch (DistributionException e) {
                if (current.stopped) {
                    LOG.infof("%s v%d on %s: attempt abandoned by the manager's shutdown (%s); it stays %s and resumes at start",
                            status.packageId(), status.packageVersion(), status.distributionPoint(), e.getMessage(), status.state());
                    return;
                }
                next = e.permanent()
                        ? status.failedPermanently(e.getMessage(), e.bytesSent(), clock.instant())
                        : status.failed(e.getMessage(), e.bytesSent(), policy, clock.instant());
                LOG.warnf("%s v%d on %s: attempt %d failed (%s): %s", status.packageId(), status.packageVersion(),
                        status.distributionPoint(), next.attempt(), next.state(), e.getMessage());
            }
        }
        if (current.stopped) {
            return; // the next run attempts it again; its outcome, not this one's, is recorded
        }
        DistributionStatus finalNext = next;
        TraceContext trace = TraceContext.current(); // the attempt's span (see traced): the event's send joins it
        if (BlockingCalls.await(() -> store.record(finalNext, status, trace))) {
            directory.showStatus(status.distributionPoint(), next);
            sample.stop(Timer.builder("acu.distribution.attempt.duration").description("Duration of one distribution attempt to one DP")
                    .tag("outcome", next.state().name()).register(meters));
        }
    }

    /**
     * Runs one attempt as a span ({@value #ATTEMPT_SPAN}) in the trace its package version was accepted in (see
     * {@link DistributionStore#trace}; a root span when that was untraced), current on this lane thread so the
     * HTTP exchanges are its children, and with the package and DP in the MDC of its log lines. The attempt runs
     * on the DP's lane thread only (not a Vert.x context), where Quarkus' MDC is thread-local: it is cleared here.
     */
    private void traced(DistributionStatus status, Runnable attempt) {
        TraceContext accepted = openTelemetry == OpenTelemetry.noop() ? TraceContext.NONE
                : BlockingCalls.await(() -> store.trace(status.packageId(), status.packageVersion()));
        Span span = tracer.spanBuilder(ATTEMPT_SPAN).setParent(accepted.context().orElse(Context.root()))
                .setAttribute(PACKAGE_ATTRIBUTE, status.packageId())
                .setAttribute(VERSION_ATTRIBUTE, (long) status.packageVersion())
                .setAttribute(DP_ATTRIBUTE, status.distributionPoint())
                .setAttribute(ATTEMPT_ATTRIBUTE, (long) status.attempt() + 1)
                .startSpan();
        MDC.put(PACKAGE_ID, status.packageId());
        MDC.put(DISTRIBUTION_POINT, status.distributionPoint());
        try (Scope ignored = span.makeCurrent()) {
            attempt.run();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
            MDC.remove(PACKAGE_ID);
            MDC.remove(DISTRIBUTION_POINT);
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}

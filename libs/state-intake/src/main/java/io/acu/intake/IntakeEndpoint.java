package io.acu.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One intake request from body to HTTP answer, shared by fsp's fallback status point and state-ingest's
 * state-message intake (their resources only adapt HTTP): the {@link StateMessageIntake} rules decide; a refused
 * report is answered with its problem at once, an accepted one is published with the {@link StateMessagePublisher}
 * and answered 202 once Kafka acknowledged every message, or 503 with Retry-After when it did not (broker down: within
 * the producer's {@code max.block.ms} or {@code delivery.timeout.ms}). Nothing of a refused report is published.
 *
 * <p>Counters, tagged {@code intake} with the intake's name (e.g. {@code fsp}), in Prometheus terms:
 * {@code acu_intake_messages_published_total{intake}} (state messages Kafka acknowledged) and
 * {@code acu_intake_requests_refused_total{intake,status}}, every request answered with an error status:
 * {@value #THROTTLED} throttled, {@value #UNAVAILABLE} Kafka did not acknowledge, the others refused as bad input.
 * Every status the intake can answer is registered at 0 from the start, so a rate or an alert on one has a series
 * before the first refusal. The producer's own Kafka metrics are bound too. Thread-safe and never waits: call
 * {@link #receive} on an event loop ({@link IntakeRoute}) or any thread; parsing takes CPU time in proportion to the
 * body, which the body cap bounds.
 */
public final class IntakeEndpoint implements AutoCloseable {

    /** Prometheus {@code acu_intake_messages_published_total}. */
    public static final String PUBLISHED_METRIC = "acu.intake.messages.published";
    /** Prometheus {@code acu_intake_requests_refused_total}. */
    public static final String REFUSED_METRIC = "acu.intake.requests.refused";
    /** The status of a throttled report (the client's or the site's budget is used up). */
    public static final int THROTTLED = 429;
    /** The status when Kafka did not acknowledge. */
    public static final int UNAVAILABLE = 503;
    /** Every error status the intake answers: what {@link StateMessageIntake} refuses, {@link #refuse}, and 503. */
    static final List<Integer> REFUSAL_STATUSES = List.of(400, 401, 403, 405, 408, 413, 415, 422, THROTTLED, UNAVAILABLE);

    /** Retry-After of a 503: long enough for a broker restart or a leader election, short for a client. */
    static final long UNAVAILABLE_RETRY_AFTER_SECONDS = 30;

    private static final System.Logger LOG = System.getLogger(IntakeEndpoint.class.getName());

    private final StateMessageIntake intake;
    private final StateMessagePublisher publisher;
    private final MeterRegistry metrics;
    private final String intakeName;
    private final Clock clock;
    private final KafkaClientMetrics producerMetrics;
    private final ClientAddresses clientAddresses;
    /** Looked up once: every accepted report moves it, and a registry lookup per request shows in the profile. */
    private final Counter published;
    private final Map<Integer, Counter> refusedByStatus = new HashMap<>();

    /**
     * @param intake the request rules
     * @param publisher publishes accepted messages; this endpoint owns it and closes it in {@link #close()}
     * @param metrics where the counters and the producer's metrics go
     * @param intakeName the counters' {@code intake} tag, e.g. {@code fsp} or {@code state-messages}
     * @param clock gives {@code receivedAt}
     * @param clientAddresses who the client is behind trusted proxies
     */
    public IntakeEndpoint(StateMessageIntake intake, StateMessagePublisher publisher, MeterRegistry metrics, String intakeName,
            Clock clock, ClientAddresses clientAddresses) {
        this.intake = intake;
        this.publisher = publisher;
        this.metrics = metrics;
        this.intakeName = intakeName;
        this.clock = clock;
        this.clientAddresses = clientAddresses;
        this.published = Counter.builder(PUBLISHED_METRIC).tag("intake", intakeName)
                .description("State messages the intake published and Kafka acknowledged").register(metrics);
        for (int status : REFUSAL_STATUSES) {
            refusedByStatus.put(status, Counter.builder(REFUSED_METRIC).tag("intake", intakeName).tag("status", Integer.toString(status))
                    .description("Requests the intake answered with an error status: 429 throttled, 503 Kafka unavailable, other 4xx bad input").register(metrics));
        }
        this.producerMetrics = new KafkaClientMetrics(publisher.producer());
        producerMetrics.bindTo(metrics);
    }

    /**
     * Decides about one POSTed report as sent through reverse proxies: the sender's address is the client's behind the
     * trusted proxies ({@link ClientAddresses}), then as {@link #receive(byte[], String, String)}.
     *
     * @param peerAddress the address the connection comes from
     * @param forwardedFor the {@code X-Forwarded-For} header, may be null
     */
    public CompletionStage<IntakeReply> receive(byte[] body, String contentType, String peerAddress, String forwardedFor) {
        return receive(body, contentType, peerAddress, forwardedFor, null);
    }

    /**
     * As {@link #receive(byte[], String, String, String)} from a caller that may present a client token.
     *
     * @param authorization the Authorization header, may be null; where the intake requires client tokens, 401
     *     without one and 403 when it was not issued to the report's client ID
     */
    public CompletionStage<IntakeReply> receive(byte[] body, String contentType, String peerAddress, String forwardedFor,
            String authorization) {
        return decide(body, contentType, clientAddresses.resolve(peerAddress, forwardedFor), authorization);
    }

    /**
     * Decides about one POSTed report and publishes it if accepted.
     *
     * @param body the request body as received
     * @param contentType the Content-Type header, may be null
     * @param remoteAddress the sender's IP address as text
     * @return completes, never exceptionally, with {@link IntakeReply#ACCEPTED} once Kafka acknowledged every message;
     *     400, 413, 415, 422 or 429 (with Retry-After) as {@link StateMessageIntake} refused it; or 503 with
     *     Retry-After when Kafka did not acknowledge
     */
    public CompletionStage<IntakeReply> receive(byte[] body, String contentType, String remoteAddress) {
        return decide(body, contentType, remoteAddress, null);
    }

    private CompletionStage<IntakeReply> decide(byte[] body, String contentType, String remoteAddress, String authorization) {
        IntakeOutcome outcome = intake.receive(body, contentType, remoteAddress, authorization);
        if (outcome instanceof IntakeOutcome.Refused refused) {
            countRefusal(refused.status());
            return CompletableFuture.completedFuture(
                    new IntakeReply(refused.status(), refused.detail(), refused.retryAfterSeconds()));
        }
        IntakeOutcome.Accepted accepted = (IntakeOutcome.Accepted) outcome;
        int count = accepted.messages().size();
        return publisher.publish(accepted.messages(), clock.instant(), remoteAddress).handle((ignored, failure) -> {
            if (failure == null) {
                published.increment(count);
                return IntakeReply.ACCEPTED;
            }
            LOG.log(System.Logger.Level.WARNING, "Kafka did not acknowledge {0} state messages of {1}: {2}", count,
                    accepted.messages().get(0).clientId(), failure.toString());
            countRefusal(UNAVAILABLE);
            return new IntakeReply(503, "the messages could not be stored; retry later",
                    UNAVAILABLE_RETRY_AFTER_SECONDS);
        });
    }

    /**
     * Refuses a request before its body is read, counted as the rules' refusals are
     * ({@code acu_intake_requests_refused_total} tagged with the status): a body over the cap (413), a body not complete in time (408), another method (405).
     *
     * @param status 405, 408 or 413
     * @param detail why, in plain words
     * @return the reply to send
     */
    public IntakeReply refuse(int status, String detail) {
        countRefusal(status);
        return new IntakeReply(status, detail, 0);
    }

    private void countRefusal(int status) {
        Counter counter = refusedByStatus.get(status);
        if (counter == null) {
            // A status added to the rules but not to REFUSAL_STATUSES still counts, from its first use.
            counter = metrics.counter(REFUSED_METRIC, "intake", intakeName, "status", Integer.toString(status));
        }
        counter.increment();
    }

    /** Unbinds the producer's metrics and closes the publisher (sends what is buffered, at most 10 s). */
    @Override
    public void close() {
        producerMetrics.close();
        publisher.close();
    }
}

package io.acu.contracts;

import java.util.List;
import java.util.stream.Stream;

/**
 * Kafka topic names and record keys, shared by producers, consumers and tests so no topic name is typed twice.
 *
 * <p>Record keys (all UTF-8 strings) decide partitioning, hence ordering:
 * <ul>
 *   <li>{@link #HOTFIX_ARRIVED}: the hotfix's component, e.g. {@code SCEP} ({@link HotfixArrived#component()});
 *   <li>{@link #MANIFEST_UPDATED}: the package ID, e.g. {@code CAS00006};
 *   <li>{@link #CONTENT_DISTRIBUTION}: {@link #distributionKey(String, String) packageId/DP name};
 *   <li>{@link #FSP_MESSAGES} and {@link #CLIENT_STATE_MESSAGES}: the client ID, so one client's messages stay
 *       in order within a partition;
 *   <li>{@link #ROLLOUT_CHANGED}: the package ID, so the changes of one package's rollouts stay in order.
 * </ul>
 * {@link EventPayload#recordKey()} gives the key of any event. Dead-letter topics ({@code <topic>.dlq}) keep the
 * key of the record that failed.
 */
public final class Topics {

    /** {@link HotfixArrived} events from patch feeds and the admin API, consumed by manifest-builder. */
    public static final String HOTFIX_ARRIVED = "acu.hotfix.arrived";

    /** {@link ManifestUpdated} events from manifest-builder, consumed by dp-content and state-ingest. */
    public static final String MANIFEST_UPDATED = "acu.manifest.updated";

    /** {@link ContentDistributionStatusChanged} events from dp-content, consumed by state-ingest. */
    public static final String CONTENT_DISTRIBUTION = "acu.content.distribution";

    /** {@link FspStateMessageReceived} events from the fallback status point (fsp), consumed by state-ingest. */
    public static final String FSP_MESSAGES = "acu.fsp.messages";

    /** {@link ClientStateMessageReceived} events from the state-ingest intake, consumed by state-ingest. */
    public static final String CLIENT_STATE_MESSAGES = "acu.client.state-messages";

    /** {@link RolloutStateChanged} events from rollout, consumed by state-ingest and operators. */
    public static final String ROLLOUT_CHANGED = "acu.rollout.changed";

    /** Suffix of a dead-letter topic: {@code <topic>.dlq} holds the records a consumer of the topic gave up on. */
    public static final String DLQ_SUFFIX = ".dlq";

    /** Dead-letter topic of {@link #HOTFIX_ARRIVED}. */
    public static final String HOTFIX_ARRIVED_DLQ = HOTFIX_ARRIVED + DLQ_SUFFIX;

    /** Dead-letter topic of {@link #MANIFEST_UPDATED}. */
    public static final String MANIFEST_UPDATED_DLQ = MANIFEST_UPDATED + DLQ_SUFFIX;

    /** Dead-letter topic of {@link #CONTENT_DISTRIBUTION}. */
    public static final String CONTENT_DISTRIBUTION_DLQ = CONTENT_DISTRIBUTION + DLQ_SUFFIX;

    /** Dead-letter topic of {@link #FSP_MESSAGES}. */
    public static final String FSP_MESSAGES_DLQ = FSP_MESSAGES + DLQ_SUFFIX;

    /** Dead-letter topic of {@link #CLIENT_STATE_MESSAGES}. */
    public static final String CLIENT_STATE_MESSAGES_DLQ = CLIENT_STATE_MESSAGES + DLQ_SUFFIX;

    /** Dead-letter topic of {@link #ROLLOUT_CHANGED}. */
    public static final String ROLLOUT_CHANGED_DLQ = ROLLOUT_CHANGED + DLQ_SUFFIX;

    /**
     * The six event topics, in the order the loop runs (hotfix → manifest → distribution → status), then the
     * rollout's changes.
     */
    public static final List<String> EVENT_TOPICS = List.of(HOTFIX_ARRIVED, MANIFEST_UPDATED, CONTENT_DISTRIBUTION,
            FSP_MESSAGES, CLIENT_STATE_MESSAGES, ROLLOUT_CHANGED);

    /** The dead-letter topic of each event topic, in the order of {@link #EVENT_TOPICS}. */
    public static final List<String> DEAD_LETTER_TOPICS =
            EVENT_TOPICS.stream().map(Topics::deadLetterTopic).toList();

    /** Every topic acu uses, event topics then dead-letter topics: what a test or the demo creates up front. */
    public static final List<String> ALL =
            Stream.concat(EVENT_TOPICS.stream(), DEAD_LETTER_TOPICS.stream()).toList();

    private Topics() {
    }

    /**
     * The dead-letter topic of a topic.
     *
     * @param topic an event topic, e.g. {@code acu.fsp.messages}
     * @return {@code topic + ".dlq"}, e.g. {@code acu.fsp.messages.dlq}
     */
    public static String deadLetterTopic(String topic) {
        return Checks.text(topic, "topic") + DLQ_SUFFIX;
    }

    /**
     * The record key of {@link #CONTENT_DISTRIBUTION}: one package on one distribution point, so the status
     * changes of that pair stay in order.
     *
     * @param packageId ConfigMgr package ID, e.g. {@code CAS00006}
     * @param distributionPoint the distribution point's name, e.g. {@code dp01}
     * @return {@code packageId + "/" + distributionPoint}, e.g. {@code CAS00006/dp01}
     */
    public static String distributionKey(String packageId, String distributionPoint) {
        return Checks.text(packageId, "packageId") + "/" + Checks.text(distributionPoint, "distributionPoint");
    }
}

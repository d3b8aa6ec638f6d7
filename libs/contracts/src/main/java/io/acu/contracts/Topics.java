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
 * {@link EventPayload#recordKey()} gives the key of any event.
 *
 * <p>Who reads what: {@link #SUBSCRIPTIONS}, one {@link Subscription} per topic and consumer group. Each has a
 * dead-letter topic of its own, {@code <topic>.<consumer>.dlq} (e.g. {@code acu.manifest.updated.dp-content.dlq}),
 * so an operator reading one can tell which service refused the record; its {@code dead-letter-reason} header says
 * why. Dead-letter records keep the key of the record that failed.
 */
public final class Topics {

    /** {@link HotfixArrived} events from patch feeds and the admin API, consumed by manifest-builder. */
    public static final String HOTFIX_ARRIVED = "acu.hotfix.arrived";

    /** {@link ManifestUpdated} events from manifest-builder, consumed by dp-content, state-ingest and rollout. */
    public static final String MANIFEST_UPDATED = "acu.manifest.updated";

    /** {@link ContentDistributionStatusChanged} events from dp-content, consumed by state-ingest and rollout. */
    public static final String CONTENT_DISTRIBUTION = "acu.content.distribution";

    /**
     * {@link FspStateMessageReceived} events from the fallback status point (fsp), consumed by state-ingest and
     * rollout.
     */
    public static final String FSP_MESSAGES = "acu.fsp.messages";

    /** {@link ClientStateMessageReceived} events from the state-ingest intake, consumed by state-ingest and rollout. */
    public static final String CLIENT_STATE_MESSAGES = "acu.client.state-messages";

    /** {@link RolloutStateChanged} events from rollout, consumed by state-ingest and operators. */
    public static final String ROLLOUT_CHANGED = "acu.rollout.changed";

    /**
     * Suffix of every dead-letter topic: {@code <topic>.<consumer>.dlq} holds the records that consumer group gave
     * up on.
     */
    public static final String DLQ_SUFFIX = ".dlq";

    /**
     * The six event topics, in the order the loop runs (hotfix → manifest → distribution → status), then the
     * rollout's changes.
     */
    public static final List<String> EVENT_TOPICS = List.of(HOTFIX_ARRIVED, MANIFEST_UPDATED, CONTENT_DISTRIBUTION,
            FSP_MESSAGES, CLIENT_STATE_MESSAGES, ROLLOUT_CHANGED);

    /**
     * Kafka consumer group IDs of acu's services, each the service's name (its {@code group.id} in
     * application.properties). Every group is one consumer of a topic: it reads every record once.
     */
    public static final class ConsumerGroups {

        /** manifest-builder, which builds package versions from hotfixes. */
        public static final String MANIFEST_BUILDER = "manifest-builder";

        /** dp-content, which distributes package versions to distribution points. */
        public static final String DP_CONTENT = "dp-content";

        /** state-ingest, which stores state messages, distribution and rollout states for dashboards. */
        public static final String STATE_INGEST = "state-ingest";

        /** rollout, which offers package versions ring by ring behind health gates. */
        public static final String ROLLOUT = "rollout";

        private ConsumerGroups() {
        }
    }

    /** manifest-builder reads {@link #HOTFIX_ARRIVED}: {@code acu.hotfix.arrived.manifest-builder.dlq}. */
    public static final Subscription HOTFIX_ARRIVED_BY_MANIFEST_BUILDER =
            new Subscription(HOTFIX_ARRIVED, ConsumerGroups.MANIFEST_BUILDER);

    /** dp-content reads {@link #MANIFEST_UPDATED}: {@code acu.manifest.updated.dp-content.dlq}. */
    public static final Subscription MANIFEST_UPDATED_BY_DP_CONTENT =
            new Subscription(MANIFEST_UPDATED, ConsumerGroups.DP_CONTENT);

    /** state-ingest reads {@link #MANIFEST_UPDATED}: {@code acu.manifest.updated.state-ingest.dlq}. */
    public static final Subscription MANIFEST_UPDATED_BY_STATE_INGEST =
            new Subscription(MANIFEST_UPDATED, ConsumerGroups.STATE_INGEST);

    /** rollout reads {@link #MANIFEST_UPDATED}: {@code acu.manifest.updated.rollout.dlq}. */
    public static final Subscription MANIFEST_UPDATED_BY_ROLLOUT =
            new Subscription(MANIFEST_UPDATED, ConsumerGroups.ROLLOUT);

    /** state-ingest reads {@link #CONTENT_DISTRIBUTION}: {@code acu.content.distribution.state-ingest.dlq}. */
    public static final Subscription CONTENT_DISTRIBUTION_BY_STATE_INGEST =
            new Subscription(CONTENT_DISTRIBUTION, ConsumerGroups.STATE_INGEST);

    /** rollout reads {@link #CONTENT_DISTRIBUTION}: {@code acu.content.distribution.rollout.dlq}. */
    public static final Subscription CONTENT_DISTRIBUTION_BY_ROLLOUT =
            new Subscription(CONTENT_DISTRIBUTION, ConsumerGroups.ROLLOUT);

    /** state-ingest reads {@link #FSP_MESSAGES}: {@code acu.fsp.messages.state-ingest.dlq}. */
    public static final Subscription FSP_MESSAGES_BY_STATE_INGEST =
            new Subscription(FSP_MESSAGES, ConsumerGroups.STATE_INGEST);

    /** rollout reads {@link #FSP_MESSAGES}: {@code acu.fsp.messages.rollout.dlq}. */
    public static final Subscription FSP_MESSAGES_BY_ROLLOUT = new Subscription(FSP_MESSAGES, ConsumerGroups.ROLLOUT);

    /** state-ingest reads {@link #CLIENT_STATE_MESSAGES}: {@code acu.client.state-messages.state-ingest.dlq}. */
    public static final Subscription CLIENT_STATE_MESSAGES_BY_STATE_INGEST =
            new Subscription(CLIENT_STATE_MESSAGES, ConsumerGroups.STATE_INGEST);

    /** rollout reads {@link #CLIENT_STATE_MESSAGES}: {@code acu.client.state-messages.rollout.dlq}. */
    public static final Subscription CLIENT_STATE_MESSAGES_BY_ROLLOUT =
            new Subscription(CLIENT_STATE_MESSAGES, ConsumerGroups.ROLLOUT);

    /** state-ingest reads {@link #ROLLOUT_CHANGED}: {@code acu.rollout.changed.state-ingest.dlq}. */
    public static final Subscription ROLLOUT_CHANGED_BY_STATE_INGEST =
            new Subscription(ROLLOUT_CHANGED, ConsumerGroups.STATE_INGEST);

    /**
     * Every consumer group of acu's services with each topic it reads (the {@code mp.messaging.incoming.*} channels
     * of the services' application.properties), in the order of {@link #EVENT_TOPICS}, then by consumer
     * (manifest-builder, dp-content, state-ingest, rollout). Operators reading {@link #ROLLOUT_CHANGED} are no
     * consumer group of acu's and have no dead-letter topic.
     */
    public static final List<Subscription> SUBSCRIPTIONS = List.of(HOTFIX_ARRIVED_BY_MANIFEST_BUILDER,
            MANIFEST_UPDATED_BY_DP_CONTENT, MANIFEST_UPDATED_BY_STATE_INGEST, MANIFEST_UPDATED_BY_ROLLOUT,
            CONTENT_DISTRIBUTION_BY_STATE_INGEST, CONTENT_DISTRIBUTION_BY_ROLLOUT,
            FSP_MESSAGES_BY_STATE_INGEST, FSP_MESSAGES_BY_ROLLOUT,
            CLIENT_STATE_MESSAGES_BY_STATE_INGEST, CLIENT_STATE_MESSAGES_BY_ROLLOUT,
            ROLLOUT_CHANGED_BY_STATE_INGEST);

    /** The dead-letter topic of each subscription, in the order of {@link #SUBSCRIPTIONS}. */
    public static final List<String> DEAD_LETTER_TOPICS =
            SUBSCRIPTIONS.stream().map(Subscription::deadLetterTopic).toList();

    /** Every topic acu uses, event topics then dead-letter topics: what a test or the demo creates up front. */
    public static final List<String> ALL =
            Stream.concat(EVENT_TOPICS.stream(), DEAD_LETTER_TOPICS.stream()).toList();

    private Topics() {
    }

    /**
     * One consumer group reading one topic, e.g. {@code acu.manifest.updated} read by {@code dp-content}.
     *
     * @param topic the topic read, e.g. {@code acu.manifest.updated}
     * @param consumer the consumer group ID ({@link ConsumerGroups}), e.g. {@code dp-content}
     * @throws NullPointerException if either is null
     * @throws IllegalArgumentException if either is blank
     */
    public record Subscription(String topic, String consumer) {

        /** Checks both parts. */
        public Subscription {
            Checks.text(topic, "topic");
            Checks.text(consumer, "consumer");
        }

        /**
         * Where this consumer copies the records it gives up on, with the cause in the {@code dead-letter-reason}
         * header.
         *
         * @return {@code <topic>.<consumer>.dlq}, e.g. {@code acu.manifest.updated.dp-content.dlq}
         */
        public String deadLetterTopic() {
            return topic + "." + consumer + DLQ_SUFFIX;
        }
    }

    /**
     * The listed subscription of a consumer group to a topic, for code that dead-letters by hand.
     *
     * @param topic the topic read, e.g. {@code acu.fsp.messages}
     * @param consumer the consumer group ID, e.g. {@code state-ingest}
     * @return the entry of {@link #SUBSCRIPTIONS}, e.g. {@link #FSP_MESSAGES_BY_STATE_INGEST}
     * @throws IllegalArgumentException if that group is not listed as reading that topic (add it to
     *         {@link #SUBSCRIPTIONS} and declare its dead-letter topic first)
     */
    public static Subscription subscription(String topic, String consumer) {
        Subscription wanted = new Subscription(topic, consumer);
        if (!SUBSCRIPTIONS.contains(wanted)) {
            throw new IllegalArgumentException(consumer + " is not listed as a consumer of " + topic
                    + " (Topics.SUBSCRIPTIONS), so it has no dead-letter topic");
        }
        return wanted;
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

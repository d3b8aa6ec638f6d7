package io.acu.fsp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads a topic from the start and keeps the records that match, until enough matched or time ran out. */
public final class TopicReader {

    private TopicReader() {
    }

    /** @return the matching records, in partition order; fewer than {@code count} on timeout */
    public static List<ConsumerRecord<String, byte[]>> read(String topic, Predicate<ConsumerRecord<String, byte[]>> match, int count,
            Duration timeout) {
        Properties config = new Properties();
        config.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                ConsumerConfig.GROUP_ID_CONFIG, "fsp-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
        List<ConsumerRecord<String, byte[]>> matched = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (matched.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(250)).forEach(record -> {
                    if (match.test(record)) {
                        matched.add(record);
                    }
                });
            }
        }
        return matched;
    }
}

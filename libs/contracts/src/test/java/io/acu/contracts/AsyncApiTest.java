package io.acu.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docs/asyncapi.yaml describes every topic of {@link Topics}, the dead-letter topic of each consumer included, and all
 * its references resolve.
 */
class AsyncApiTest {

    private static Path file;
    private static JsonNode doc;
    private static Map<String, JsonNode> channelsByAddress;

    @BeforeAll
    static void parse() throws Exception {
        file = EventSchemas.docsDir().resolve("asyncapi.yaml");
        doc = new YAMLMapper().readTree(file.toFile());
        channelsByAddress = new LinkedHashMap<>();
        doc.get("channels").properties().forEach(
                channel -> channelsByAddress.put(channel.getValue().get("address").asText(), channel.getValue()));
    }

    @Test
    void isAnAsyncApi3Document() {
        assertThat(doc.get("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(doc.at("/info/title").asText()).isNotBlank();
    }

    @Test
    void everyTopicHasAChannelAndEveryChannelATopic() {
        assertThat(channelsByAddress.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
    }

    @Test
    void everyChannelIsWrittenAndRead() {
        Map<String, List<String>> actionsByChannel = new HashMap<>();
        doc.get("operations").forEach(operation -> actionsByChannel
                .computeIfAbsent(operation.at("/channel/$ref").asText(), k -> new ArrayList<>())
                .add(operation.get("action").asText()));
        doc.get("channels").fieldNames().forEachRemaining(name ->
                assertThat(actionsByChannel.get("#/channels/" + name)).as(name).contains("send", "receive"));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void eventChannelCarriesTheEventSchemaAndDescribesTheKey(EventType type) {
        JsonNode message = resolve(channelsByAddress.get(type.topic()).get("messages").elements().next());

        assertThat(message.get("name").asText()).isEqualTo(type.typeName());
        assertThat(message.at("/payload/schema/$ref").asText()).isEqualTo("./schemas/" + EventSchemas.fileName(type));
        assertThat(message.at("/bindings/kafka/key/description").asText()).isNotBlank();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyVersionStillReadIsAMessageOfItsChannelAndOfEachConsumersDeadLetters(EventType type) {
        List<String> channelSchemas = new ArrayList<>();
        channelsByAddress.get(type.topic()).get("messages")
                .forEach(message -> channelSchemas.add(resolve(message).at("/payload/schema/$ref").asText()));
        List<Topics.Subscription> consumers = subscriptionsOf(type);
        assertThat(consumers).as("consumers of %s", type.topic()).isNotEmpty();

        for (Topics.Subscription consumer : consumers) {
            List<String> deadLetterSchemas = new ArrayList<>();
            deadLetterMessage(consumer).at("/payload/oneOf")
                    .forEach(option -> deadLetterSchemas.add(option.path("$ref").asText()));
            for (int version : EventJson.readableVersions(type)) {
                String ref = "./schemas/" + EventSchemas.fileName(type, version);
                assertThat(channelSchemas).as("messages of %s", type.topic()).contains(ref);
                assertThat(deadLetterSchemas).as("dead letters of %s", consumer.deadLetterTopic()).contains(ref);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void deadLetterChannelsDescribeSmallRyeHeaders(EventType type) {
        for (Topics.Subscription consumer : subscriptionsOf(type)) {
            JsonNode message = deadLetterMessage(consumer);
            JsonNode headers = resolve(message.get("headers"));

            List<String> names = new ArrayList<>();
            headers.get("properties").fieldNames().forEachRemaining(names::add);
            assertThat(names).as(consumer.deadLetterTopic()).contains("dead-letter-reason", "dead-letter-cause",
                    "dead-letter-topic", "dead-letter-partition", "dead-letter-offset");
            assertThat(message.at("/payload/oneOf/0/$ref").asText()).as(consumer.deadLetterTopic())
                    .isEqualTo("./schemas/" + EventSchemas.fileName(type));
        }
    }

    @Test
    void eachDeadLetterChannelNamesTheConsumerThatWritesIt() {
        Map<String, List<String>> sendersByChannel = new HashMap<>();
        doc.get("operations").forEach(operation -> {
            if (operation.get("action").asText().equals("send")) {
                operation.get("x-acu-services").forEach(service -> sendersByChannel
                        .computeIfAbsent(operation.at("/channel/$ref").asText(), k -> new ArrayList<>())
                        .add(service.asText()));
            }
        });
        Map<String, String> channelNamesByAddress = new HashMap<>();
        doc.get("channels").properties().forEach(
                channel -> channelNamesByAddress.put(channel.getValue().get("address").asText(), channel.getKey()));

        for (Topics.Subscription consumer : Topics.SUBSCRIPTIONS) {
            JsonNode channel = channelsByAddress.get(consumer.deadLetterTopic());
            assertThat(channel).as(consumer.deadLetterTopic()).isNotNull();
            assertThat(channel.get("description").asText()).as(consumer.deadLetterTopic())
                    .contains(consumer.topic(), "consumer group " + consumer.consumer());
            assertThat(sendersByChannel.get("#/channels/" + channelNamesByAddress.get(consumer.deadLetterTopic())))
                    .as("writers of %s", consumer.deadLetterTopic()).containsExactly(consumer.consumer());
        }
    }

    private static List<Topics.Subscription> subscriptionsOf(EventType type) {
        return Topics.SUBSCRIPTIONS.stream().filter(s -> s.topic().equals(type.topic())).toList();
    }

    private static JsonNode deadLetterMessage(Topics.Subscription consumer) {
        return resolve(channelsByAddress.get(consumer.deadLetterTopic()).get("messages").elements().next());
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        List<String> broken = refs.stream().filter(ref -> ref.startsWith("#")
                ? doc.at(ref.substring(1)).isMissingNode()
                : !Files.isRegularFile(file.resolveSibling(ref.replaceFirst("#.*", "")).normalize()))
                .toList();
        assertThat(broken).isEmpty();
        assertThat(refs).filteredOn(ref -> ref.endsWith(".schema.json")).map(ref -> ref.replace("./schemas/", ""))
                .containsAll(Arrays.stream(EventType.values()).map(EventSchemas::fileName).toList());
    }

    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? doc.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, refs));
    }
}

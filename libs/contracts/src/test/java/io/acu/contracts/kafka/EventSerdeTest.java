package io.acu.contracts.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventPayload;
import io.acu.contracts.EventType;
import io.acu.contracts.Samples;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventSerdeTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void serdesLoadByClassNameAndRoundTrip(EventType type) throws Exception {
        EventEnvelope<EventPayload> event = Samples.event(type);
        Deserializer<?> deserializer = instantiate(deserializerName(type), Deserializer.class);
        // SmallRye's dead-letter producer renames the consumer's deserializer to find its serializer.
        Serializer<EventEnvelope<?>> typed = instantiate(deserializerName(type).replace("Deserializer", "Serializer"),
                Serializer.class);
        Serializer<EventEnvelope<?>> any = instantiate(EventSerializer.class.getName(), Serializer.class);

        byte[] bytes = any.serialize(type.topic(), event);
        assertThat(typed.serialize(type.topic(), event)).isEqualTo(bytes);
        assertThat(deserializer.deserialize(type.topic(), bytes)).isEqualTo(event);
        assertThat(deserializer.deserialize(type.topic(), new RecordHeaders(), bytes)).isEqualTo(event);
    }

    @Test
    void nullValuesStayNull() {
        assertThat(new EventSerializer().serialize("t", null)).isNull();
        assertThat(new ManifestUpdatedDeserializer().deserialize("t", null)).isNull();
    }

    @Test
    void aTypedSerializerRefusesOtherEvents() {
        EventEnvelope<EventPayload> hotfix = Samples.event(EventType.HOTFIX_ARRIVED);
        assertThatThrownBy(() -> new ManifestUpdatedSerializer().serialize("acu.manifest.updated", hotfix))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("HotfixArrived").hasMessageContaining("ManifestUpdated serializer");
    }

    @Test
    void deserializationFailuresNameTheTopicAndTheReason() {
        ManifestUpdatedDeserializer deserializer = new ManifestUpdatedDeserializer();
        byte[] hotfix = new EventSerializer().serialize("acu.hotfix.arrived", Samples.event(EventType.HOTFIX_ARRIVED));
        byte[] garbage = "<Report/>".getBytes(StandardCharsets.UTF_8);
        byte[] v9 = new String(new EventSerializer().serialize("acu.manifest.updated",
                Samples.event(EventType.MANIFEST_UPDATED)), StandardCharsets.UTF_8)
                .replace("\"schemaVersion\":2", "\"schemaVersion\":9").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> deserializer.deserialize("acu.manifest.updated", garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Cannot read a record from acu.manifest.updated: Not valid JSON");
        assertThatThrownBy(() -> deserializer.deserialize("acu.manifest.updated", hotfix))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Cannot read a record from acu.manifest.updated: "
                        + "Wrong event type 'HotfixArrived', expected 'ManifestUpdated'");
        assertThatThrownBy(() -> deserializer.deserialize("acu.manifest.updated", v9))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unsupported schemaVersion 9 of ManifestUpdated");
    }

    @Test
    void aManifestUpdatedV1StillOnTheTopicIsRead() {
        byte[] v1 = Samples.manifestUpdatedV1().getBytes(StandardCharsets.UTF_8);

        assertThat(new ManifestUpdatedDeserializer().deserialize("acu.manifest.updated", v1))
                .isEqualTo(Samples.event(EventType.MANIFEST_UPDATED));
    }

    private static String deserializerName(EventType type) {
        return EventSerializer.class.getPackageName() + "." + type.typeName() + "Deserializer";
    }

    @SuppressWarnings("unchecked")
    private static <T> T instantiate(String className, Class<?> kind) throws Exception {
        Object instance = Class.forName(className).getConstructor().newInstance();
        assertThat(instance).isInstanceOf(kind);
        return (T) instance;
    }
}

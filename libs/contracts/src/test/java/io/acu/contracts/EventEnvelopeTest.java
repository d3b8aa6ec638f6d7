package io.acu.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventEnvelopeTest {

    private static final Instant NOW = Instant.parse("2013-09-09T08:56:47Z");

    @Test
    void ofFillsTypeVersionTimeAndARandomId() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        EventEnvelope<ManifestUpdated> first = EventEnvelope.of(Samples.manifestUpdated(), "manifest-builder", clock);
        EventEnvelope<ManifestUpdated> second = EventEnvelope.of(Samples.manifestUpdated(), "manifest-builder", clock);

        assertThat(first.type()).isEqualTo("ManifestUpdated");
        assertThat(first.schemaVersion()).isEqualTo(2);
        assertThat(first.occurredAt()).isEqualTo(NOW);
        assertThat(first.source()).isEqualTo("manifest-builder");
        assertThat(first.eventId()).isNotEqualTo(second.eventId());
        assertThat(first.key()).isEqualTo("CAS00006");
        assertThat(first.topic()).isEqualTo(Topics.MANIFEST_UPDATED);
    }

    @Test
    void typeMustMatchThePayload() {
        assertThatThrownBy(() -> new EventEnvelope<>(UUID.randomUUID(), "HotfixArrived", 1, NOW, "fsp",
                Samples.fspMessage()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'HotfixArrived'").hasMessageContaining("'FspStateMessageReceived'");
    }

    @Test
    void schemaVersionMustMatchThePayload() {
        assertThatThrownBy(() -> new EventEnvelope<>(UUID.randomUUID(), "FspStateMessageReceived", 2, NOW, "fsp",
                Samples.fspMessage()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schemaVersion 2");
    }

    @Test
    void requiredFieldsAreNamedWhenMissing() {
        assertThatThrownBy(() -> new EventEnvelope<>(null, "FspStateMessageReceived", 1, NOW, "fsp",
                Samples.fspMessage()))
                .isInstanceOf(NullPointerException.class).hasMessage("eventId is required");
        assertThatThrownBy(() -> EventEnvelope.of(Samples.fspMessage(), " ", NOW))
                .hasMessage("source must not be blank");
    }

    @Test
    void payloadTypesMapToTheirEventTypes() {
        for (EventType type : EventType.values()) {
            EventPayload payload = Samples.payload(type);
            assertThat(payload).isInstanceOf(type.payloadType());
            assertThat(payload.eventType()).isEqualTo(type);
            assertThat(EventType.of(type.payloadType())).isEqualTo(type);
            assertThat(EventType.forTypeName(type.typeName())).contains(type);
            assertThat(type.typeName()).isEqualTo(type.payloadType().getSimpleName());
            assertThat(type.schemaVersion()).isEqualTo(type == EventType.MANIFEST_UPDATED ? 2 : 1);
        }
        assertThat(EventType.forTypeName("manifestupdated")).isEmpty();
        assertThat(EventType.forTypeName(null)).isEmpty();
    }
}

package io.acu.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventJsonTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void encodeThenDecodeGivesAnEqualEvent(EventType type) {
        EventEnvelope<EventPayload> event = Samples.event(type);

        assertThat(EventJson.decode(EventJson.encode(event), type.payloadType())).isEqualTo(event);
        assertThat(EventJson.decodeAny(EventJson.encodeBytes(event))).isEqualTo(event);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void propertiesAreExactlyTheRecordComponentsInOrder(EventType type) throws Exception {
        JsonNode json = EventJson.mapper().readTree(EventJson.encode(Samples.event(type)));

        assertThat(fieldNames(json)).containsExactly(componentNames(EventEnvelope.class));
        List<String> expected = new ArrayList<>(Arrays.asList(componentNames(type.payloadType())));
        if (type == EventType.CONTENT_DISTRIBUTION_STATUS_CHANGED) {
            expected.remove("lastError"); // null in the sample, hence omitted
        }
        if (type == EventType.HOTFIX_ARRIVED) {
            expected.remove("allowDowngrade"); // null in the sample, hence omitted
        }
        assertThat(fieldNames(json.get("payload"))).containsExactlyElementsOf(expected);
    }

    @Test
    void aRecordWithoutValueIsRefusedAsNotAnEvent() {
        assertThatThrownBy(() -> EventJson.decode((byte[]) null, ManifestUpdated.class))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Not an event: the record has no value");
        assertThatThrownBy(() -> EventJson.decodeAny((byte[]) null))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Not an event: the record has no value");
    }

    @Test
    void instantsAreIsoUtcAndNullsAreOmitted() throws Exception {
        JsonNode json = EventJson.mapper()
                .readTree(EventJson.encode(Samples.event(EventType.FSP_STATE_MESSAGE_RECEIVED)));

        assertThat(json.get("occurredAt").textValue()).isEqualTo("2013-09-09T08:00:00Z");
        assertThat(json.at("/payload/receivedAt").textValue()).isEqualTo("2013-09-09T08:56:48.120Z");
        assertThat(json.at("/payload/message/messageTimeWmi").textValue()).isEqualTo("20130909085647.000000+000");
        assertThat(json.at("/payload/message").has("serialNumber")).isFalse();
        assertThat(json.at("/payload/message").has("errorCode")).isFalse();
        assertThat(json.at("/payload/message/userParameters")).hasSize(3);
    }

    @Test
    void distributionStatesAreWrittenByName() {
        String json = EventJson.encode(Samples.event(EventType.CONTENT_DISTRIBUTION_STATUS_CHANGED));
        assertThat(json).contains("\"state\":\"INSTALLED\"", "\"previousState\":\"INSTALL_PENDING\"");
    }

    @Test
    void rolloutStatesAreWrittenByNameAndRingsInPlanOrder() throws Exception {
        JsonNode json = EventJson.mapper().readTree(EventJson.encode(Samples.event(EventType.ROLLOUT_STATE_CHANGED)));

        assertThat(json.at("/payload/change").textValue()).isEqualTo("HALTED");
        assertThat(json.at("/payload/status").textValue()).isEqualTo("HALTED");
        assertThat(json.at("/payload/rings").findValuesAsText("ring")).containsExactly("pilot", "wave-1", "wave-2");
        assertThat(json.at("/payload/rings/1/state").textValue()).isEqualTo("PENDING");
        assertThat(json.at("/payload/topErrorCodes/0/errorCode").textValue()).isEqualTo("0x80070643");
    }

    @Test
    void unknownPropertiesAndExplicitNullsAreAccepted() throws Exception {
        ObjectNode json = (ObjectNode) EventJson.mapper()
                .readTree(EventJson.encode(Samples.event(EventType.MANIFEST_UPDATED)));
        json.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        ((ObjectNode) json.get("payload")).put("rolloutRing", "pilot").putNull("kbNumber");

        EventEnvelope<ManifestUpdated> decoded = EventJson.decode(json.toString(), ManifestUpdated.class);
        assertThat(decoded.payload().kbNumber()).isNull();
        assertThat(decoded.payload().items()).hasSize(3);
    }

    @Test
    void allowDowngradeIsOptionalAndMustBeABoolean() throws Exception {
        String older = EventJson.encode(Samples.event(EventType.HOTFIX_ARRIVED));
        assertThat(older).doesNotContain("allowDowngrade");
        assertThat(EventJson.decode(older, HotfixArrived.class).payload().allowDowngrade()).isNull();

        String allowing = older.replace("\"files\":", "\"allowDowngrade\":true,\"files\":");
        assertThat(EventJson.decode(allowing, HotfixArrived.class).payload().allowDowngrade()).isTrue();
        assertThatThrownBy(() -> EventJson.decode(allowing.replace("true", "\"yes\""), HotfixArrived.class))
                .isInstanceOf(SerializationException.class).hasMessageContaining("allowDowngrade");
    }

    @Test
    void malformedJsonIsRejected() {
        assertThatThrownBy(() -> EventJson.decode("{\"eventId\":", ManifestUpdated.class))
                .isInstanceOf(SerializationException.class).hasMessageStartingWith("Not valid JSON");
        assertThatThrownBy(() -> EventJson.decode("[1,2]", ManifestUpdated.class))
                .isInstanceOf(SerializationException.class).hasMessageContaining("expected a JSON object");
        String valid = EventJson.encode(Samples.event(EventType.MANIFEST_UPDATED));
        assertThatThrownBy(() -> EventJson.decode(valid + "{}", ManifestUpdated.class))
                .isInstanceOf(SerializationException.class).hasMessageStartingWith("Not valid JSON");
    }

    @Test
    void aWrongOrUnknownTypeIsRejected() {
        String hotfix = EventJson.encode(Samples.event(EventType.HOTFIX_ARRIVED));
        assertThatThrownBy(() -> EventJson.decode(hotfix, ManifestUpdated.class))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Wrong event type 'HotfixArrived', expected 'ManifestUpdated'");
        String unknown = hotfix.replace("\"type\":\"HotfixArrived\"", "\"type\":\"HotfixWithdrawn\"");
        assertThatThrownBy(() -> EventJson.decodeAny(unknown))
                .isInstanceOf(SerializationException.class).hasMessage("Unknown event type 'HotfixWithdrawn'");
        String untyped = hotfix.replace("\"type\":\"HotfixArrived\",", "");
        assertThatThrownBy(() -> EventJson.decodeAny(untyped))
                .isInstanceOf(SerializationException.class).hasMessageContaining("'type' is missing");
    }

    @Test
    void anUnsupportedSchemaVersionIsRejected() {
        String v3 = EventJson.encode(Samples.event(EventType.MANIFEST_UPDATED))
                .replace("\"schemaVersion\":2", "\"schemaVersion\":3");
        assertThatThrownBy(() -> EventJson.decode(v3, ManifestUpdated.class))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Unsupported schemaVersion 3 of ManifestUpdated (this reader supports 1 and 2)");
        String v0 = v3.replace("\"schemaVersion\":3", "\"schemaVersion\":0");
        assertThatThrownBy(() -> EventJson.decodeAny(v0))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Unsupported schemaVersion 0 of ManifestUpdated (this reader supports 1 and 2)");
        String hotfixV2 = EventJson.encode(Samples.event(EventType.HOTFIX_ARRIVED))
                .replace("\"schemaVersion\":1", "\"schemaVersion\":2");
        assertThatThrownBy(() -> EventJson.decode(hotfixV2, HotfixArrived.class))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Unsupported schemaVersion 2 of HotfixArrived (this reader supports 1)");
        String text = v3.replace("\"schemaVersion\":3", "\"schemaVersion\":\"2\"");
        assertThatThrownBy(() -> EventJson.decode(text, ManifestUpdated.class))
                .isInstanceOf(SerializationException.class).hasMessageContaining("'schemaVersion'");
    }

    @Test
    void aManifestUpdatedV1IsReadAsV2WithoutItsClientUpgradePolicy() {
        // Records manifest-builder wrote before v2 stay on the topic (and in its outbox) after the upgrade.
        String v1 = Samples.manifestUpdatedV1();
        EventEnvelope<EventPayload> v2 = Samples.event(EventType.MANIFEST_UPDATED);

        EventEnvelope<ManifestUpdated> read = EventJson.decode(v1, ManifestUpdated.class);
        assertThat(read).isEqualTo(v2);
        assertThat(read.eventId()).isEqualTo(v2.eventId());
        assertThat(read.schemaVersion()).isEqualTo(2);
        assertThat(EventJson.decodeAny(v1)).isEqualTo(v2);
        assertThat(EventJson.encode(read)).doesNotContain("clientUpgradePolicy").contains("\"schemaVersion\":2");
        assertThat(EventJson.readableVersions(EventType.MANIFEST_UPDATED)).containsExactly(1, 2);
        assertThat(EventJson.readableVersions(EventType.HOTFIX_ARRIVED)).containsExactly(1);
    }

    @Test
    void anInvalidV1IsRefusedNamingItsVersion() throws Exception {
        ObjectNode v1 = (ObjectNode) EventJson.mapper().readTree(Samples.manifestUpdatedV1());
        ((ObjectNode) v1.get("payload")).remove("items");
        assertThatThrownBy(() -> EventJson.decode(v1.toString(), ManifestUpdated.class))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Invalid ManifestUpdated v1 (read as v2) event: Missing required creator property 'items'");
    }

    @Test
    void decodeBindsInOnePassYetAcceptsExactlyWhatTheHeaderChecksAccept() {
        EventEnvelope<?> event = Samples.event(EventType.MANIFEST_UPDATED);
        String json = EventJson.encode(event);
        // 2.0 is an exact integer for the header check; 2.5 is not, and must not be truncated to 2 by the fast path.
        assertThat(EventJson.decode(json.replace("\"schemaVersion\":2", "\"schemaVersion\":2.0"), ManifestUpdated.class)).isEqualTo(event);
        assertThatThrownBy(() -> EventJson.decode(json.replace("\"schemaVersion\":2", "\"schemaVersion\":2.5"), ManifestUpdated.class))
                .isInstanceOf(SerializationException.class).hasMessageContaining("'schemaVersion'");
        assertThatThrownBy(() -> EventJson.decode(json, HotfixArrived.class))
                .isInstanceOf(SerializationException.class).hasMessage("Wrong event type 'ManifestUpdated', expected 'HotfixArrived'");
    }

    @Test
    void missingOrInvalidFieldsAreRejectedWithTheirName() throws Exception {
        ObjectNode json = (ObjectNode) EventJson.mapper()
                .readTree(EventJson.encode(Samples.event(EventType.MANIFEST_UPDATED)));
        json.remove("eventId");
        assertThatThrownBy(() -> EventJson.decode(json.toString(), ManifestUpdated.class))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(
                        "Invalid ManifestUpdated v2 event: Missing required creator property 'eventId'");

        ObjectNode withoutFlag = (ObjectNode) EventJson.mapper()
                .readTree(EventJson.encode(Samples.event(EventType.MANIFEST_UPDATED)));
        ((ObjectNode) withoutFlag.at("/payload/items/1")).remove("changed");
        assertThatThrownBy(() -> EventJson.decode(withoutFlag.toString(), ManifestUpdated.class))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Missing required creator property 'changed'")
                .hasMessageEndingWith("(at payload.items[1].changed)");

        ObjectNode nullSource = (ObjectNode) EventJson.mapper()
                .readTree(EventJson.encode(Samples.event(EventType.MANIFEST_UPDATED)));
        nullSource.putNull("source");
        assertThatThrownBy(() -> EventJson.decode(nullSource.toString(), ManifestUpdated.class))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Invalid ManifestUpdated v2 event: source is required");

        ObjectNode badHash = (ObjectNode) EventJson.mapper()
                .readTree(EventJson.encode(Samples.event(EventType.MANIFEST_UPDATED)));
        ((ObjectNode) badHash.at("/payload/items/1")).put("sha256", "B0336B86");
        assertThatThrownBy(() -> EventJson.decode(badHash.toString(), ManifestUpdated.class))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("sha256 must be 64 hex digits")
                .hasMessageContaining("(at payload.items[1])");
    }

    @Test
    void mapperReturnsIndependentCopies() {
        EventJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);
        assertThat(EventJson.encode(Samples.event(EventType.HOTFIX_ARRIVED))).doesNotContain("\n");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String[] componentNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toArray(String[]::new);
    }
}

package io.acu.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The JSON form of acu events, one configuration for every producer, consumer, HTTP endpoint and test.
 *
 * <p>Choices: instants as ISO-8601 strings in UTC ({@code 2013-09-09T08:56:47Z}), never epoch numbers; null
 * fields are omitted (absent means null, which keeps high-volume state messages small; readers also accept an
 * explicit {@code null}); unknown properties are ignored so an older reader accepts a newer producer's additive
 * change; a field not marked {@link Nullable} must be present (a missing {@code int} or {@code boolean} would
 * otherwise read as 0 or false), and a {@code null} for a primitive field and trailing content after the JSON
 * object are errors. Properties are written in record component order.
 *
 * <p>Decoding checks, in order: well-formed JSON object, a {@code type} this build knows (and the expected one),
 * a {@code schemaVersion} this build reads, then the envelope and payload fields (required fields present,
 * formats such as package IDs and hashes). Every failure is a {@link SerializationException} whose message says
 * which check failed.
 *
 * <p>Older schema versions: a record of an older version that {@link #UPGRADES} knows how to carry forward (today
 * ManifestUpdated v1) is read as the current version, so records published before a producer's upgrade, still on
 * the topic or still in its outbox, are consumed rather than dead-lettered. The decoded envelope then says the
 * current {@code schemaVersion}; its {@code eventId} is the record's, so deduplication still holds. Any other
 * version is refused ("Unsupported schemaVersion").
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(IsoInstants.module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .defaultPropertyInclusion(JsonInclude.Value.construct(Include.NON_NULL, Include.NON_NULL))
            .annotationIntrospector(new RequiredUnlessNullable())
            .build();

    private static final ObjectWriter WRITER = MAPPER.writer();

    /**
     * How a payload of an older schema version becomes the next version's, by event type and the version it
     * upgrades from. A record is readable when every step from its version to the current one is here.
     */
    private static final Map<EventType, Map<Integer, Consumer<ObjectNode>>> UPGRADES = Map.of(
            EventType.MANIFEST_UPDATED, Map.of(
                    // v2 dropped clientUpgradePolicy: rollout owns the settings and serves each client its own
                    // policy; the exclusion list made a v1 event over ~23,000 excluded clients exceed Kafka's 1 MiB.
                    1, payload -> payload.remove("clientUpgradePolicy")));

    private static final Map<EventType, ObjectReader> READERS = new EnumMap<>(EventType.class);

    /**
     * Readers that bind the bytes in one pass, for {@link #decode(byte[], Class)}'s fast path. They refuse the
     * integer coercions ({@code "1"}, {@code 1.5}) the header checks refuse, so whatever they accept, the checked
     * path accepts with the same value; whatever they refuse goes through the checked path for its exact reason.
     */
    private static final Map<EventType, ObjectReader> DIRECT_READERS = new EnumMap<>(EventType.class);

    static {
        ObjectMapper strict = MAPPER.copy().disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        strict.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        for (EventType type : EventType.values()) {
            READERS.put(type, MAPPER.readerFor(
                    MAPPER.getTypeFactory().constructParametricType(EventEnvelope.class, type.payloadType())));
            DIRECT_READERS.put(type, strict.readerFor(
                    strict.getTypeFactory().constructParametricType(EventEnvelope.class, type.payloadType())));
        }
    }

    private EventJson() {
    }

    /**
     * A new {@link ObjectMapper} configured as described above, for code that maps event records itself (e.g. an
     * HTTP layer). Each call returns a fresh copy, so changing it affects nobody else.
     *
     * @return the configured mapper
     */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    /**
     * Writes an event as JSON text.
     *
     * @param event the event
     * @return compact JSON, e.g. {@code {"eventId":"…","type":"ManifestUpdated","schemaVersion":1,…}}
     * @throws SerializationException if Jackson cannot write it (not expected for valid records)
     */
    public static String encode(EventEnvelope<?> event) {
        return new String(encodeBytes(event), StandardCharsets.UTF_8);
    }

    /**
     * Writes an event as UTF-8 JSON bytes (the Kafka record value).
     *
     * @param event the event
     * @return compact UTF-8 JSON
     * @throws SerializationException if Jackson cannot write it (not expected for valid records)
     */
    public static byte[] encodeBytes(EventEnvelope<?> event) {
        Checks.required(event, "event");
        try {
            return WRITER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new SerializationException("Cannot write " + event.type() + " event " + event.eventId()
                    + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads an event of an expected type.
     *
     * @param json UTF-8 JSON of one envelope (null, a Kafka tombstone, is refused like malformed JSON)
     * @param payloadType the expected payload class, e.g. {@code ManifestUpdated.class}
     * @param <P> the payload type
     * @return the event
     * @throws SerializationException on malformed JSON, another or unknown {@code type}, an unsupported
     *     {@code schemaVersion}, or missing/invalid fields
     */
    @SuppressWarnings("unchecked")
    public static <P extends EventPayload> EventEnvelope<P> decode(byte[] json, Class<P> payloadType) {
        EventType expected = EventType.of(payloadType);
        if (json != null) {
            // Fast path for the valid events consumers read by the million: one pass, no tree. The envelope's
            // constructor checks type and schemaVersion against the payload class; anything refused is decoded
            // again below, so errors keep their exact reasons.
            try {
                return (EventEnvelope<P>) DIRECT_READERS.get(expected).readValue(json);
            } catch (IOException | RuntimeException e) {
                // fall through to the checked path
            }
        }
        JsonNode tree = parse(json);
        return bind(tree, checkHeader(tree, expected));
    }

    /**
     * Reads an event of an expected type from text.
     *
     * @see #decode(byte[], Class)
     */
    public static <P extends EventPayload> EventEnvelope<P> decode(String json, Class<P> payloadType) {
        return decode(Checks.required(json, "json").getBytes(StandardCharsets.UTF_8), payloadType);
    }

    /**
     * Reads an event of any of the six types (e.g. a dead-lettered record of unknown origin); the payload's
     * class tells which.
     *
     * @param json UTF-8 JSON of one envelope
     * @return the event
     * @throws SerializationException on malformed JSON, an unknown {@code type}, an unsupported
     *     {@code schemaVersion}, or missing/invalid fields
     */
    public static EventEnvelope<? extends EventPayload> decodeAny(byte[] json) {
        JsonNode tree = parse(json);
        return bind(tree, checkHeader(tree, null));
    }

    /**
     * Reads an event of any of the six types from text.
     *
     * @see #decodeAny(byte[])
     */
    public static EventEnvelope<? extends EventPayload> decodeAny(String json) {
        return decodeAny(Checks.required(json, "json").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Every component of a contract record not marked {@link Nullable} is a required creator property; other
     * classes (a service's own DTOs mapped with {@link #mapper()}) keep Jackson's defaults.
     */
    private static final class RequiredUnlessNullable extends JacksonAnnotationIntrospector {

        @Override
        public Boolean hasRequiredMarker(AnnotatedMember member) {
            Boolean explicit = super.hasRequiredMarker(member);
            if (explicit != null || !(member instanceof AnnotatedParameter)
                    || member.getDeclaringClass().getPackage() != EventJson.class.getPackage()) {
                return explicit;
            }
            return !member.hasAnnotation(Nullable.class);
        }
    }

    private static JsonNode parse(byte[] json) {
        if (json == null) {
            // A Kafka record without a value (a tombstone) is not an event; consumers dead-letter it like any junk.
            throw new SerializationException("Not an event: the record has no value");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new SerializationException("Not valid JSON: " + originalMessage(e), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new SerializationException("Not an event: expected a JSON object, got "
                    + (tree == null ? "nothing" : tree.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        return tree;
    }

    /** Checks {@code type} (against {@code expected} unless null) and {@code schemaVersion}; returns the type. */
    private static EventType checkHeader(JsonNode tree, EventType expected) {
        JsonNode typeNode = tree.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new SerializationException("Not an event: 'type' is missing or not a string");
        }
        String typeName = typeNode.textValue();
        if (expected != null && !expected.typeName().equals(typeName)) {
            throw new SerializationException("Wrong event type '" + typeName + "', expected '"
                    + expected.typeName() + "'");
        }
        EventType type = EventType.forTypeName(typeName).orElseThrow(
                () -> new SerializationException("Unknown event type '" + typeName + "'"));
        JsonNode versionNode = tree.get("schemaVersion");
        if (versionNode == null || !versionNode.canConvertToExactIntegral() || !versionNode.canConvertToInt()) {
            throw new SerializationException("Not an event: 'schemaVersion' is missing or not an integer");
        }
        if (!readableVersions(type).contains(versionNode.intValue())) {
            throw new SerializationException("Unsupported schemaVersion " + versionNode.asText() + " of "
                    + type.typeName() + " (this reader supports " + readableText(type) + ")");
        }
        return type;
    }

    /**
     * The schema versions of a type this build reads: the current one and each older one from which
     * {@link #UPGRADES} leads to it, oldest first, e.g. {@code [1, 2]} for ManifestUpdated.
     *
     * @param type the event type
     * @return the readable versions
     */
    static List<Integer> readableVersions(EventType type) {
        Map<Integer, Consumer<ObjectNode>> steps = UPGRADES.getOrDefault(type, Map.of());
        int oldest = type.schemaVersion();
        while (steps.containsKey(oldest - 1)) {
            oldest--;
        }
        return IntStream.rangeClosed(oldest, type.schemaVersion()).boxed().toList();
    }

    /** @return e.g. "2", "1 and 2" */
    private static String readableText(EventType type) {
        List<String> versions = readableVersions(type).stream().map(String::valueOf).toList();
        return versions.size() == 1 ? versions.get(0)
                : String.join(", ", versions.subList(0, versions.size() - 1)) + " and " + versions.get(versions.size() - 1);
    }

    /**
     * Rewrites a record of an older readable version into the current version's shape (payload upgraded step by
     * step, envelope's schemaVersion set to the current one); a record of the current version is returned as is.
     */
    private static JsonNode upgrade(JsonNode tree, EventType type) {
        int version = tree.get("schemaVersion").intValue();
        if (version == type.schemaVersion()) {
            return tree;
        }
        ObjectNode upgraded = ((ObjectNode) tree).deepCopy();
        JsonNode payload = upgraded.get("payload");
        for (int from = version; from < type.schemaVersion(); from++) {
            if (payload instanceof ObjectNode object) {
                UPGRADES.get(type).get(from).accept(object);
            }
        }
        upgraded.put("schemaVersion", type.schemaVersion());
        return upgraded;
    }

    @SuppressWarnings("unchecked")
    private static <P extends EventPayload> EventEnvelope<P> bind(JsonNode tree, EventType type) {
        int version = tree.get("schemaVersion").intValue();
        try {
            return (EventEnvelope<P>) READERS.get(type).readValue(upgrade(tree, type));
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("Invalid " + type.typeName() + " v" + version
                    + (version == type.schemaVersion() ? "" : " (read as v" + type.schemaVersion() + ")")
                    + " event: " + originalMessage(e), e);
        }
    }

    /**
     * The reason in plain words: for a record constructor that refused a value, its message (e.g. "eventId is
     * required"); otherwise Jackson's message without its source location. Adds the JSON path where known.
     */
    private static String originalMessage(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root != e && !(root instanceof IOException) ? root.getMessage()
                : e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            reason += " (at " + StrictJson.path(m) + ")";
        }
        return reason;
    }
}

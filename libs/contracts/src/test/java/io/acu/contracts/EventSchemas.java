package io.acu.contracts;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.generator.impl.PropertySortUtils;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Generates the JSON Schema (Draft 2020-12) of each event from the records: the envelope with its payload inlined,
 * {@code required} = the components not marked {@link Nullable}, {@code type} and {@code schemaVersion} fixed to
 * the event's, descriptions from the Javadoc, patterns and bounds from the records' checks.
 */
final class EventSchemas {

    /** Lower bounds the records' constructors enforce, by "Record.component". */
    private static final Map<String, Integer> MINIMUMS = Map.of(
            "ManifestUpdated.packageVersion", 1,
            "ContentDistributionStatusChanged.packageVersion", 1,
            "ClientUpgradePolicy.advertisementDurationDays", 1,
            "ContentDistributionStatusChanged.attempt", 0,
            "ContentDistributionStatusChanged.bytesTransferred", 0,
            "ManifestItem.sizeBytes", 0,
            "CabinetFile.sizeBytes", 0);

    private static final List<String> NON_EMPTY_LISTS = List.of("HotfixArrived.files", "ManifestUpdated.items");

    private EventSchemas() {
    }

    /** @return docs/ of the repository (system property acu.docs.dir, set by the module's pom) */
    static Path docsDir() {
        return Path.of(System.getProperty("acu.docs.dir", "../../docs")).toAbsolutePath().normalize();
    }

    /** @return the committed schema file of an event type, e.g. docs/schemas/ManifestUpdated.v1.schema.json */
    static Path file(EventType type) {
        return docsDir().resolve("schemas").resolve(fileName(type));
    }

    /** @return the schema's file name, e.g. ManifestUpdated.v1.schema.json */
    static String fileName(EventType type) {
        return type.typeName() + ".v" + type.schemaVersion() + ".schema.json";
    }

    /** @return the generated schema of an event type */
    static ObjectNode generate(EventType type) {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .with(new JacksonModule())
                .with(Option.EXTRA_OPEN_API_FORMAT_VALUES);
        config.forTypesInGeneral()
                .withPropertySorter(PropertySortUtils.SORT_PROPERTIES_FIELDS_BEFORE_METHODS)
                .withTitleResolver(scope -> scope.getType().getErasedType() == EventEnvelope.class
                        ? type.typeName() + " v" + type.schemaVersion() + " event" : null)
                .withDescriptionResolver(scope -> JavadocDescriptions.type(scope.getType().getErasedType()));
        config.forFields()
                .withRequiredCheck(field -> !nullable(field))
                .withNullableCheck(EventSchemas::nullable)
                .withDescriptionResolver(EventSchemas::description)
                .withEnumResolver(field -> envelopeConstant(field, type))
                .withStringPatternResolver(EventSchemas::pattern)
                .withNumberInclusiveMinimumResolver(field -> field.isFakeContainerItemScope() ? null
                        : decimal(MINIMUMS.get(qualifiedName(field))))
                .withArrayMinItemsResolver(field -> !field.isFakeContainerItemScope()
                        && NON_EMPTY_LISTS.contains(qualifiedName(field)) ? 1 : null);
        ObjectNode schema = new SchemaGenerator(config.build()).generateSchema(EventEnvelope.class, type.payloadType());
        // Title and description first: what a reader of the file wants to see.
        ObjectNode ordered = schema.objectNode();
        ordered.set("$schema", schema.remove("$schema"));
        ordered.set("title", schema.remove("title"));
        ordered.set("description", schema.remove("description"));
        return ordered.setAll(schema);
    }

    /** @return the schema as committed: two-space indents, "key": value, LF line ends, a final newline */
    static String render(JsonNode schema) throws Exception {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        return new ObjectMapper().writer(printer).writeValueAsString(schema) + "\n";
    }

    private static boolean nullable(FieldScope field) {
        return field.getAnnotationConsideringFieldAndGetter(Nullable.class) != null;
    }

    /**
     * A component's {@code @param} text, except for a component whose type is itself a documented record: that
     * type's description stands alone (both together would make victools wrap the property in an allOf).
     */
    private static String description(FieldScope field) {
        if (field.isFakeContainerItemScope()) {
            return null;
        }
        Class<?> type = field.getType().getErasedType();
        if (type.isRecord() && JavadocDescriptions.type(type) != null) {
            return null;
        }
        return JavadocDescriptions.component(field.getDeclaringType().getErasedType(), field.getName());
    }

    /** Pins the envelope's type and schemaVersion to this event's, so a schema rejects any other event. */
    private static List<?> envelopeConstant(FieldScope field, EventType type) {
        if (field.getDeclaringType().getErasedType() != EventEnvelope.class) {
            return null;
        }
        return switch (field.getName()) {
            case "type" -> List.of(type.typeName());
            case "schemaVersion" -> List.of(type.schemaVersion());
            default -> null;
        };
    }

    private static String pattern(FieldScope field) {
        if (field.isFakeContainerItemScope()) {
            return null;
        }
        return switch (field.getName()) {
            case "sha256" -> "^" + Checks.SHA256.pattern() + "$";
            case "packageId" -> "^" + Checks.PACKAGE_ID.pattern() + "$";
            default -> null;
        };
    }

    private static String qualifiedName(FieldScope field) {
        return field.getDeclaringType().getErasedType().getSimpleName() + "." + field.getName();
    }

    private static BigDecimal decimal(Integer value) {
        return value == null ? null : BigDecimal.valueOf(value);
    }
}

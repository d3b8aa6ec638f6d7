package io.acu.contracts;

import com.fasterxml.classmate.ResolvedType;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.CustomDefinitionProviderV2;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerationContext;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.generator.impl.PropertySortUtils;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the JSON Schema (Draft 2020-12) of each event from the records: the envelope with its payload inlined,
 * {@code required} = the components not marked {@link Nullable}, {@code type} and {@code schemaVersion} fixed to
 * the event's, descriptions from the Javadoc, patterns and bounds from the records' checks.
 */
final class EventSchemas {

    /** Lower bounds the records' constructors enforce, by "Record.component". */
    private static final Map<String, Integer> MINIMUMS = Map.ofEntries(
            Map.entry("ManifestUpdated.packageVersion", 1),
            Map.entry("ContentDistributionStatusChanged.packageVersion", 1),
            Map.entry("RolloutStateChanged.packageVersion", 1),
            Map.entry("ContentDistributionStatusChanged.attempt", 0),
            Map.entry("ContentDistributionStatusChanged.bytesTransferred", 0),
            Map.entry("ManifestItem.sizeBytes", 0),
            Map.entry("CabinetFile.sizeBytes", 0),
            Map.entry("RingFigures.offered", 0),
            Map.entry("RingFigures.succeeded", 0),
            Map.entry("RingFigures.failed", 0),
            Map.entry("RingFigures.stalled", 0),
            Map.entry("RingFigures.inProgress", 0),
            Map.entry("ErrorCodeCount.clients", 0));

    private static final List<String> NON_EMPTY_LISTS = List.of("HotfixArrived.files", "ManifestUpdated.items",
            "RolloutStateChanged.rings");

    private EventSchemas() {
    }

    /** @return docs/ of the repository (system property acu.docs.dir, set by the module's pom) */
    static Path docsDir() {
        return Path.of(System.getProperty("acu.docs.dir", "../../docs")).toAbsolutePath().normalize();
    }

    /** @return the committed schema file of an event type, e.g. docs/schemas/ManifestUpdated.v2.schema.json */
    static Path file(EventType type) {
        return file(type, type.schemaVersion());
    }

    /** @return the committed schema file of one version of an event type, e.g. docs/schemas/ManifestUpdated.v1.schema.json */
    static Path file(EventType type, int version) {
        return docsDir().resolve("schemas").resolve(fileName(type, version));
    }

    /** @return the schema's file name, e.g. ManifestUpdated.v2.schema.json */
    static String fileName(EventType type) {
        return fileName(type, type.schemaVersion());
    }

    /** @return the file name of one version's schema, e.g. ManifestUpdated.v1.schema.json */
    static String fileName(EventType type, int version) {
        return type.typeName() + ".v" + version + ".schema.json";
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
                .withDescriptionResolver(scope -> JavadocDescriptions.type(scope.getType().getErasedType()))
                .withCustomDefinitionProvider(new EnumsInDefs());
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
        inlineNullableDefinitions(schema);
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

    /**
     * Every enum goes to {@code $defs} and is referenced, as one used twice would be anyway: an inline enum with
     * both its type's description and the component's would make victools wrap the property in an allOf.
     */
    private static final class EnumsInDefs implements CustomDefinitionProviderV2 {
        @Override
        public CustomDefinition provideCustomSchemaDefinition(ResolvedType type, SchemaGenerationContext context) {
            if (!type.getErasedType().isEnum()) {
                return null;
            }
            return new CustomDefinition(context.createStandardDefinition(type, this),
                    CustomDefinition.DefinitionType.ALWAYS_REF, CustomDefinition.AttributeInclusion.YES);
        }
    }

    /**
     * {@link EnumsInDefs} also puts an enum's nullable variant ({@code DistributionState-nullable}) in {@code $defs};
     * inline it where it is used ({@code anyOf} null or the enum's {@code $ref}), as victools does by default.
     */
    private static void inlineNullableDefinitions(ObjectNode schema) {
        ObjectNode defs = (ObjectNode) schema.get("$defs");
        if (defs == null) {
            return;
        }
        Map<String, JsonNode> inline = new HashMap<>();
        List.copyOf(defs.properties()).stream().filter(def -> def.getKey().endsWith("-nullable"))
                .forEach(def -> inline.put("#/$defs/" + def.getKey(), defs.remove(def.getKey())));
        inline(schema, inline);
    }

    private static void inline(JsonNode node, Map<String, JsonNode> definitions) {
        if (node instanceof ObjectNode object && object.has("$ref")
                && definitions.containsKey(object.get("$ref").asText())) {
            JsonNode definition = definitions.get(object.remove("$ref").asText());
            ObjectNode rest = object.deepCopy();
            object.removeAll().setAll((ObjectNode) definition.deepCopy());
            object.setAll(rest);
        }
        node.forEach(child -> inline(child, definitions));
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

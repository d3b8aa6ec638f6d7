package io.acu.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The committed JSON Schemas (docs/schemas) match the records, and real events validate against them.
 *
 * <p>After changing an event record, regenerate the schemas and commit them:
 * {@code mvn -pl libs/contracts verify -Dacu.schemas.write=true} (the test then writes instead of comparing).
 * Bumping a schema version writes a new file; the previous version's file stays, unchanged, as long as
 * {@link EventJson} still reads that version (consumers of older records validate against it).
 */
class JsonSchemaTest {

    private static final boolean WRITE = Boolean.getBoolean("acu.schemas.write");

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void committedSchemaIsTheGeneratedOne(EventType type) throws Exception {
        String generated = EventSchemas.render(EventSchemas.generate(type));
        Path file = EventSchemas.file(type);
        if (WRITE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, generated, StandardCharsets.UTF_8);
        }
        assertThat(file).as("%s is missing; run with -Dacu.schemas.write=true", file).exists();
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("%s is stale; run with -Dacu.schemas.write=true and commit it", file)
                .isEqualTo(generated);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyOlderVersionStillReadKeepsItsSchemaFile(EventType type) {
        for (int version : EventJson.readableVersions(type)) {
            assertThat(EventSchemas.file(type, version)).as("the schema of %s v%d, still read", type.typeName(), version)
                    .exists();
        }
    }

    @Test
    void aManifestUpdatedV1IsValidAgainstTheKeptV1SchemaAndNotAgainstV2() throws Exception {
        JsonNode v1 = EventJson.mapper().readTree(Samples.manifestUpdatedV1());

        assertThat(validate(EventSchemas.file(EventType.MANIFEST_UPDATED, 1), v1)).isEmpty();
        assertThat(validate(EventType.MANIFEST_UPDATED, v1)).extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains("schemaVersion"));
        assertThat(validate(EventSchemas.file(EventType.MANIFEST_UPDATED, 1), sample(EventType.MANIFEST_UPDATED)))
                .isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleEventValidates(EventType type) throws Exception {
        assertThat(validate(type, sample(type))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void eventWithoutIdIsRejected(EventType type) throws Exception {
        ObjectNode event = sample(type);
        event.remove("eventId");

        assertThat(validate(type, event)).extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains("eventId"));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void eventOfAnotherTypeIsRejected(EventType type) throws Exception {
        EventType other = EventType.values()[(type.ordinal() + 1) % EventType.values().length];

        assertThat(validate(type, sample(other))).extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains("type"));
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"MANIFEST_UPDATED", "HOTFIX_ARRIVED"})
    void malformedHashOrPackageIdIsRejected(EventType type) throws Exception {
        ObjectNode badPackage = sample(type);
        ((ObjectNode) badPackage.get("payload")).put("packageId", "CAS6");
        ObjectNode lowerCaseHash = sample(type);
        String items = type == EventType.MANIFEST_UPDATED ? "items" : "files";
        ((ObjectNode) lowerCaseHash.at("/payload/" + items + "/0")).put("sha256", Samples.SCEP_HASH.toLowerCase());

        assertThat(validate(type, badPackage)).isNotEmpty();
        assertThat(validate(type, lowerCaseHash)).isNotEmpty();
    }

    @Test
    void rolloutWithoutRingsOrWithANegativeCountIsRejected() throws Exception {
        EventType type = EventType.ROLLOUT_STATE_CHANGED;
        ObjectNode noRings = sample(type);
        ((ObjectNode) noRings.get("payload")).putArray("rings");
        ObjectNode negative = sample(type);
        ((ObjectNode) negative.at("/payload/rings/0")).put("failed", -1);
        ObjectNode unknownStatus = sample(type);
        ((ObjectNode) unknownStatus.get("payload")).put("status", "ABORTED");

        assertThat(validate(type, noRings)).isNotEmpty();
        assertThat(validate(type, negative)).isNotEmpty();
        assertThat(validate(type, unknownStatus)).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void badTimestampIsRejected(EventType type) throws Exception {
        ObjectNode event = sample(type);
        event.put("occurredAt", "20130909085647.000000+000");

        assertThat(validate(type, event)).isNotEmpty();
    }

    private static ObjectNode sample(EventType type) throws Exception {
        return (ObjectNode) EventJson.mapper().readTree(EventJson.encode(Samples.event(type)));
    }

    private static Set<ValidationMessage> validate(EventType type, JsonNode event) throws Exception {
        return validate(EventSchemas.file(type), event);
    }

    private static Set<ValidationMessage> validate(Path schemaFile, JsonNode event) throws Exception {
        JsonNode schemaNode = EventJson.mapper().readTree(schemaFile.toFile());
        JsonSchema schema = FACTORY.getSchema(schemaNode, CONFIG);
        return schema.validate(event);
    }
}

package io.acu.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.acu.contracts.DistributionState;
import io.acu.formats.InvalidValueException;
import io.acu.formats.PackageId;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DistributionPoint CRD: the shape agreed with dp-content's Java model, its schema against the samples and
 * against malformed objects ({@link DistributionPointApiTest} takes them through a Kubernetes client).
 */
class DistributionPointCrdTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final CustomResourceDefinition CRD = (CustomResourceDefinition)
            Manifests.load(Project.DEPLOY.resolve("base/distributionpoint-crd.yaml")).get(0);
    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
            .getSchema(JSON.valueToTree(version().getSchema().getOpenAPIV3Schema()),
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());

    static CustomResourceDefinitionVersion version() {
        return CRD.getSpec().getVersions().get(0);
    }

    static List<GenericKubernetesResource> samples() {
        return Manifests.load(Project.DEPLOY.resolve("samples/distributionpoints.yaml")).stream()
                .map(GenericKubernetesResource.class::cast).toList();
    }

    @Test
    void names_group_version_and_scope_are_the_agreed_ones() {
        assertThat(CRD.getMetadata().getName()).isEqualTo("distributionpoints.acu.io");
        assertThat(CRD.getSpec().getGroup()).isEqualTo("acu.io");
        assertThat(CRD.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(CRD.getSpec().getNames().getKind()).isEqualTo("DistributionPoint");
        assertThat(CRD.getSpec().getNames().getPlural()).isEqualTo("distributionpoints");
        assertThat(CRD.getSpec().getNames().getSingular()).isEqualTo("distributionpoint");
        assertThat(CRD.getSpec().getNames().getShortNames()).containsExactly("dp");
        assertThat(CRD.getSpec().getVersions()).singleElement().satisfies(v -> {
            assertThat(v.getName()).isEqualTo("v1alpha1");
            assertThat(v.getServed()).isTrue();
            assertThat(v.getStorage()).isTrue();
            assertThat(v.getSubresources().getStatus()).as("status subresource").isNotNull();
        });
        assertThat(version().getAdditionalPrinterColumns()).extracting(CustomResourceColumnDefinition::getJsonPath)
                .contains(".spec.contentApiUrl", ".spec.clientUrl", ".spec.enabled", ".metadata.creationTimestamp");
    }

    @Test
    void spec_schema_is_exactly_the_agreed_shape() {
        JSONSchemaProps spec = version().getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        assertThat(spec.getRequired()).containsExactlyInAnyOrder("contentApiUrl", "clientUrl");
        Map<String, JSONSchemaProps> p = spec.getProperties();
        assertThat(p.keySet()).containsExactlyInAnyOrder("contentApiUrl", "clientUrl", "boundaryGroups", "enabled");
        assertThat(p.get("contentApiUrl").getType()).isEqualTo("string");
        assertThat(p.get("contentApiUrl").getFormat()).isEqualTo("uri");
        assertThat(p.get("clientUrl").getType()).isEqualTo("string");
        assertThat(p.get("boundaryGroups").getType()).isEqualTo("array");
        assertThat(p.get("boundaryGroups").getItems().getSchema().getType()).isEqualTo("string");
        assertThat(p.get("enabled").getType()).isEqualTo("boolean");
        assertThat(p.get("enabled").getDefault().asBoolean()).isTrue();
    }

    @Test
    void status_schema_is_exactly_the_agreed_shape_and_agrees_with_the_formats_library() {
        JSONSchemaProps packages = version().getSchema().getOpenAPIV3Schema().getProperties().get("status")
                .getProperties().get("packages");
        assertThat(packages.getType()).isEqualTo("array");
        Map<String, JSONSchemaProps> p = packages.getItems().getSchema().getProperties();
        assertThat(p.keySet()).containsExactlyInAnyOrder(
                "packageId", "packageVersion", "state", "stateCode", "attempt", "lastError", "updatedAt");
        assertThat(p.get("packageId").getPattern()).isEqualTo("^[A-Z0-9]{3}[0-9A-F]{5}$");
        assertThat(p.get("packageVersion").getType()).isEqualTo("integer");
        assertThat(p.get("attempt").getType()).isEqualTo("integer");
        assertThat(p.get("lastError").getType()).isEqualTo("string");
        assertThat(p.get("updatedAt").getFormat()).isEqualTo("date-time");
        assertThat(p.get("state").getEnum()).extracting(JsonNode::asText).containsExactlyElementsOf(
                Arrays.stream(DistributionState.values()).map(Enum::name).toList());
        assertThat(p.get("stateCode").getMinimum().intValue()).isEqualTo(
                Arrays.stream(DistributionState.values()).mapToInt(DistributionState::code).min().orElseThrow());
        assertThat(p.get("stateCode").getMaximum().intValue()).isEqualTo(
                Arrays.stream(DistributionState.values()).mapToInt(DistributionState::code).max().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CAS00006", "P0100ABC", "XYZFFFFF", "CAS0000G", "CA00006", "CAS000006", "C-S00006", "CASG0006"})
    void package_id_pattern_accepts_what_package_id_parse_accepts(String candidate) {
        boolean parses;
        try {
            parses = PackageId.parse(candidate).toString().equals(candidate);
        } catch (InvalidValueException e) {
            parses = false;
        }
        assertThat(Pattern.matches("^[A-Z0-9]{3}[0-9A-F]{5}$", candidate)).as(candidate).isEqualTo(parses);
    }

    @Test
    void the_samples_are_valid_distribution_points() {
        List<GenericKubernetesResource> samples = samples();
        assertThat(samples).extracting(s -> s.getMetadata().getName()).containsExactly("dp-content-0", "dp-content-1");
        for (GenericKubernetesResource sample : samples) {
            assertThat(sample.getApiVersion()).isEqualTo("acu.io/v1alpha1");
            assertThat(sample.getKind()).isEqualTo("DistributionPoint");
            assertThat(validate(JSON.valueToTree(sample))).as(sample.getMetadata().getName()).isEmpty();
        }
        assertThat(validate(withStatus(sample(), "CAS00006", 5, "INSTALLED", 0))).as("with a status").isEmpty();
    }

    @Test
    void malformed_distribution_points_are_rejected_with_the_offending_field() {
        ObjectNode missingClientUrl = sample();
        ((ObjectNode) missingClientUrl.get("spec")).remove("clientUrl");
        assertThat(messages(missingClientUrl)).anyMatch(m -> m.contains("clientUrl"));

        ObjectNode badUrl = sample();
        ((ObjectNode) badUrl.get("spec")).put("contentApiUrl", "http://dp 0/content");
        assertThat(messages(badUrl)).anyMatch(m -> m.contains("contentApiUrl") && m.contains("uri"));

        ObjectNode enabledText = sample();
        ((ObjectNode) enabledText.get("spec")).put("enabled", "yes");
        assertThat(messages(enabledText)).anyMatch(m -> m.contains("enabled") && m.contains("boolean"));

        ObjectNode noSpec = sample();
        noSpec.remove("spec");
        assertThat(messages(noSpec)).anyMatch(m -> m.contains("spec"));

        assertThat(messages(withStatus(sample(), "cas00006", 5, "INSTALLED", 0))).anyMatch(m -> m.contains("packageId"));
        assertThat(messages(withStatus(sample(), "CAS00006", 5, "DONE", 0))).anyMatch(m -> m.contains("state"));
        assertThat(messages(withStatus(sample(), "CAS00006", 5, "INSTALL_FAILED", 7))).anyMatch(m -> m.contains("stateCode"));
        ObjectNode badTime = withStatus(sample(), "CAS00006", 5, "INSTALLED", 0);
        ((ObjectNode) badTime.at("/status/packages/0")).put("updatedAt", "20140120171855.573000+000");
        assertThat(messages(badTime)).anyMatch(m -> m.contains("updatedAt"));
    }

    // --- helpers

    private static ObjectNode sample() {
        return JSON.valueToTree(samples().get(0));
    }

    private static ObjectNode withStatus(ObjectNode dp, String packageId, int version, String state, int stateCode) {
        ObjectNode pkg = JSON.createObjectNode()
                .put("packageId", packageId).put("packageVersion", version).put("state", state)
                .put("stateCode", stateCode).put("attempt", 1).put("updatedAt", "2026-01-20T17:18:55Z");
        ArrayNode packages = JSON.createArrayNode().add(pkg);
        dp.putObject("status").set("packages", packages);
        return dp;
    }

    static Set<ValidationMessage> validate(JsonNode dp) {
        return SCHEMA.validate(dp);
    }

    private static List<String> messages(JsonNode dp) {
        List<String> messages = validate(dp).stream().map(ValidationMessage::getMessage).collect(Collectors.toList());
        assertThat(messages).as("rejected").isNotEmpty();
        return messages;
    }
}

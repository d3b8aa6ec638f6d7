package io.acu.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CRD and the sample DistributionPoints through a real fabric8 client against the mock API server (CRUD
 * mode): the CRD registers, the samples are served under its plural, and status goes through the status
 * subresource the way dp-content writes it.
 */
@EnableKubernetesMockClient(crud = true)
class DistributionPointApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    KubernetesClient client;

    @Test
    void through_the_api_the_crd_serves_the_samples_and_status_is_written_apart_from_spec() {
        client.apiextensions().v1().customResourceDefinitions().resource(DistributionPointCrdTest.CRD).create();
        NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> dps =
                client.genericKubernetesResources("acu.io/v1alpha1", "DistributionPoint").inNamespace("acu-dev");
        DistributionPointCrdTest.samples().forEach(s -> dps.resource(s).create());

        assertThat(client.apiextensions().v1().customResourceDefinitions().withName("distributionpoints.acu.io").get())
                .isNotNull();
        assertThat(dps.list().getItems()).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("dp-content-0", "dp-content-1");

        GenericKubernetesResource dp0 = dps.withName("dp-content-0").get();
        dp0.setAdditionalProperty("status", Map.of("packages", List.of(Map.of(
                "packageId", "CAS00006", "packageVersion", 5, "state", "INSTALLED", "stateCode", 0,
                "attempt", 1, "updatedAt", "2026-01-20T17:18:55Z"))));
        dps.resource(dp0).updateStatus();

        GenericKubernetesResource read = dps.withName("dp-content-0").get();
        assertThat(JSON.valueToTree(read).at("/status/packages/0/state").asText()).isEqualTo("INSTALLED");
        assertThat(JSON.valueToTree(read).at("/status/packages/0/packageVersion").asInt()).isEqualTo(5);
        assertThat(DistributionPointCrdTest.validate(JSON.valueToTree(read))).as("what the API holds still fits the schema").isEmpty();
        assertThat(JSON.valueToTree(read).at("/spec/contentApiUrl").asText()).isEqualTo("http://dp-content-0.dp-content:8082");
    }

}

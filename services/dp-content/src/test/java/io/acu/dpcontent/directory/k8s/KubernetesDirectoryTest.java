package io.acu.dpcontent.directory.k8s;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.DistributionState;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.ManifestUpdated;
import io.acu.contracts.Topics;
import io.acu.dpcontent.DistributionFixture;
import io.acu.dpcontent.Manifests;
import io.acu.infra.KafkaTestClient;
import io.acu.infra.quarkus.KafkaTestResource;
import io.acu.infra.quarkus.PostgresTestResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceSubresourcesBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Distribution points from DistributionPoint resources (fabric8 mock API server in CRUD mode): the informer sees
 * them, the manager distributes to the enabled ones and writes each package version's state back to the resource's
 * status.
 */
@QuarkusTest
@TestProfile(KubernetesDirectoryTest.KubernetesDirectory.class)
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = DistributionFixture.class)
class KubernetesDirectoryTest {

    static final String NAMESPACE = "acu-test";

    /** DPs come from the Kubernetes API, and the manager leads by a Lease there, as in deploy/k8s. */
    public static class KubernetesDirectory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dp-content.directory.source", "kubernetes", "dp-content.directory.namespace", NAMESPACE,
                    "dp-content.manager.leadership.mode", "kubernetes", "dp-content.manager.leadership.namespace", NAMESPACE,
                    "dp-content.manager.leadership.identity", "dp-content-0");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    DistributionFixture fixture;

    @Test
    void resourcesAreWatchedAndStatusIsWrittenBack() throws Exception {
        KubernetesClient client = server.getClient();
        CustomResourceDefinition crd = CustomResourceDefinitionContext.v1CRDFromCustomResourceType(DistributionPointResource.class)
                .editSpec().editFirstVersion().withSubresources(new CustomResourceSubresourcesBuilder().withNewStatus().endStatus().build())
                .endVersion().endSpec().build();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        String self = "http://127.0.0.1:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        client.resources(DistributionPointResource.class).inNamespace(NAMESPACE).resource(dp("dpk1", self, true)).create();
        client.resources(DistributionPointResource.class).inNamespace(NAMESPACE).resource(dp("dpk2", "http://127.0.0.1:9", false)).create();

        awaitPoints(2);
        var points = given().get("/api/distribution/points").jsonPath();
        assertThat(points.getList("name")).containsExactly("dpk1", "dpk2");
        assertThat(points.getList("enabled")).containsExactly(true, false);
        assertThat(points.<List<String>>getList("boundaryGroups")).containsExactly(List.of("10.1.0.0/16"), List.of("10.1.0.0/16"));

        byte[] file = Manifests.bytes(7, 4096);
        EventEnvelope<ManifestUpdated> event = Manifests.publishAndDescribe(fixture, "CAS00020", 1,
                Manifests.files("ccmsetup.msi", file), Manifests.bytes(8, 200));
        try (KafkaTestClient kafka = new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            kafka.send(Topics.MANIFEST_UPDATED, event.key(), EventJson.encodeBytes(event));
        }

        PackageStatusEntry entry = awaitStatus(client, "dpk1", DistributionState.INSTALLED);
        // The replica that distributed holds the manager's Lease.
        var lease = client.leases().inNamespace(NAMESPACE).withName("dp-content-distribution-manager").get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("dp-content-0");
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(15);
        assertThat(entry.getPackageId()).isEqualTo("CAS00020");
        assertThat(entry.getPackageVersion()).isEqualTo(1);
        assertThat(entry.getStateCode()).isZero();
        assertThat(entry.getAttempt()).isEqualTo(1);
        assertThat(entry.getLastError()).isNull();
        assertThat(entry.getUpdatedAt()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        // The disabled DP got nothing to do.
        assertThat(given().get("/api/distribution/packages/CAS00020/versions/1").jsonPath().getList("distributionPoints.distributionPoint"))
                .containsExactly("dpk1");
        DistributionPointResource dpk2 = client.resources(DistributionPointResource.class).inNamespace(NAMESPACE).withName("dpk2").get();
        assertThat(dpk2.getStatus() == null || dpk2.getStatus().getPackages().isEmpty()).isTrue();
        given().auth().oauth2(DistributionFixture.CONTENT_API_TOKEN).post("/api/distribution/packages/CAS00020/versions/1/points/dpk2/redistribute")
                .then().statusCode(404).body("detail", org.hamcrest.Matchers.containsString("not an enabled distribution point"));

        // Desired state: a DP added after the version was published receives the current version (reconciled, 1 s here).
        client.resources(DistributionPointResource.class).inNamespace(NAMESPACE).resource(dp("dpk3", self, true)).create();
        PackageStatusEntry late = awaitStatus(client, "dpk3", DistributionState.INSTALLED);
        assertThat(late.getPackageId()).isEqualTo("CAS00020");
        assertThat(late.getPackageVersion()).isEqualTo(1);
        assertThat(given().get("/api/distribution/packages/CAS00020/versions/1").jsonPath().getList("distributionPoints.distributionPoint"))
                .containsExactly("dpk1", "dpk3");
    }

    private static DistributionPointResource dp(String name, String url, boolean enabled) {
        DistributionPointResource resource = new DistributionPointResource();
        resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        DistributionPointSpec spec = new DistributionPointSpec();
        spec.setContentApiUrl(url);
        spec.setClientUrl(url);
        spec.setBoundaryGroups(List.of("10.1.0.0/16"));
        spec.setEnabled(enabled);
        resource.setSpec(spec);
        return resource;
    }

    private static void awaitPoints(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (given().get("/api/distribution/points").jsonPath().getList("name").size() == count) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the informer never listed " + count + " distribution points");
    }

    private static PackageStatusEntry awaitStatus(KubernetesClient client, String name, DistributionState state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        PackageStatusEntry last = null;
        while (System.nanoTime() < deadline) {
            DistributionPointResource resource = client.resources(DistributionPointResource.class).inNamespace(NAMESPACE).withName(name).get();
            if (resource.getStatus() != null && !resource.getStatus().getPackages().isEmpty()) {
                last = resource.getStatus().getPackages().get(0);
                if (state.name().equals(last.getState())) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " status never showed " + state + "; last: " + (last == null ? "none" : last.getState()));
    }
}

package io.acu.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.acu.launcher.AcuStack;
import io.acu.infra.ServiceProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cross-service: the packaged services start together on one real Kafka broker and PostgreSQL,
 * exactly as {@code ./acu demo} starts them, and each reports ready.
 */
class PackagedStackTest {

    private static AcuStack stack;

    @BeforeAll
    static void startStack() {
        Path project = Path.of(System.getProperty("acu.project.dir", ".")).toAbsolutePath();
        stack = AcuStack.start(project, project.resolve("target/stack-logs"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyServiceIsReadyOnItsOwnPort() {
        assertThat(stack.services().keySet()).containsExactly("manifest-builder", "dp-content", "state-ingest", "fsp");
        assertThat(stack.services().values().stream().map(s -> s.baseUri().getPort()).distinct()).hasSize(4);
        for (ServiceProcess service : stack.services().values()) {
            given().baseUri(service.baseUri().toString()).get("/q/health/ready")
                    .then().statusCode(200).body("status", equalTo("UP"));
        }
    }
}

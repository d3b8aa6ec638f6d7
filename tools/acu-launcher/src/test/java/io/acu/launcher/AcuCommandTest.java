package io.acu.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's surface: usage, errors and exit codes (starting the stack is covered in src/test). */
class AcuCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = new CommandLine(AcuCommand.class);
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void unknownCommandsAreUsageErrors() {
        assertThat(run("nonsense")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument").contains("nonsense").contains("Usage: acu");
    }

    @Test
    void demoHelpNamesItsOptions() {
        assertThat(run("demo", "--help")).isZero();
        assertThat(out.toString()).contains("--exit").contains("--log-dir").contains("--project-dir");
    }

    @Test
    void aProjectWithoutPackagedServicesFailsWithTheBuildCommand() {
        // An empty folder has no packaged services: the demo must say how to build them, with exit code 3.
        System.setProperty("acu.work.dir", Path.of("target/acu-command-test").toAbsolutePath().toString());
        int code = run("demo", "--exit", "--project-dir", Path.of("target/no-such-project").toAbsolutePath().toString());
        assertThat(code).isEqualTo(AcuCommand.START_FAILED);
        assertThat(err.toString()).contains("manifest-builder is not packaged").contains("mvn package -DskipTests");
    }
}

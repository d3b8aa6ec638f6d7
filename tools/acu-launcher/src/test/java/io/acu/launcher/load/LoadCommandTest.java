package io.acu.launcher.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.launcher.AcuCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code acu load}'s surface; the run itself is the harness, measured by hand (README) and by FaultToleranceTest's pieces. */
class LoadCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = new CommandLine(AcuCommand.class);
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void helpNamesTheOptionsAndDefaults() {
        assertThat(run("load", "--help")).isZero();
        assertThat(out.toString()).contains("--clients").contains("100000").contains("--duplicates").contains("0.05").contains("--concurrency")
                .contains("--replicas");
    }

    @Test
    void noReplicasIsAUsageError() {
        assertThat(run("load", "--replicas", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("replicas must be at least 1, was 0");
    }

    @Test
    void aShareOutsideZeroToOneIsAUsageError() {
        assertThat(run("load", "--duplicates", "1.5")).isEqualTo(2);
        assertThat(err.toString()).contains("the duplicate share is a fraction 0..1, was 1.5");
    }

    @Test
    void noClientsIsAUsageError() {
        assertThat(run("load", "--clients", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("clients must be at least 1, was 0");
    }
}

package io.acu.launcher.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.fleetsim.http.TransportCounters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LoadReportTest {

    private static final TransportCounters.Latency LATENCY = new TransportCounters.Latency(1_000, 2_500, 40_000, 90_000);
    private static final Instant START = Instant.parse("2026-12-05T15:00:00Z");
    private static final RolloutCounts EXPECTED = new RolloutCounts("", 1_000, 950, 50, 0, 0);

    private static LoadReport report(Optional<RolloutCounts> rollout, Optional<Duration> rolloutTime) {
        TransportCounters.Phase policy = new TransportCounters.Phase(1_000, START, START.plusSeconds(4), LATENCY);
        TransportCounters.Phase grants = new TransportCounters.Phase(1_000, START.plusSeconds(4), START.plusSeconds(10), LATENCY);
        TransportCounters.Phase reports = new TransportCounters.Phase(2_100, START.plusSeconds(4), START.plusSeconds(10), LATENCY);
        TransportCounters.Snapshot transport = new TransportCounters.Snapshot(1_960, 1_960, 0, 100, 100, 0, 0, 0, 0, 0, 0, 0, 1_000, 1_000, 0, 0,
                LATENCY, policy, grants, reports, 0);
        return new LoadReport(1_000, transport, new DeliveryAudit.Findings(1_960, 1_960, 0, 0, 0, 0), 0, Map.of(), Duration.ofSeconds(8),
                Duration.ofSeconds(6), 1_200, rollout, EXPECTED,
                new SideBySide(1_960, Duration.ofSeconds(8), rolloutTime, OptionalLong.of(1_500), OptionalLong.of(2_000)),
                Map.of("rollout", OptionalLong.of(300L * 1024 * 1024)), cpu());
    }

    private static Map<String, Double> cpu() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("fsp", 4.9);
        cpu.put("kafka broker", 0.98);
        cpu.put(ProcessCpu.LOAD_GENERATOR, 3.92);
        return cpu;
    }

    private static String printed(LoadReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsThePolicyPhaseRolloutsCountsAndBothConsumersSideBySide() {
        LoadReport report = report(Optional.of(new RolloutCounts("COMPLETED", 1_000, 950, 50, 0, 0)), Optional.of(Duration.ofSeconds(10)));

        String text = printed(report);

        assertThat(report.rolloutMatches()).isTrue();
        assertThat(text).contains("policy reads             1,000 by 1,000 clients in 4.0 s: 250 reads/s, p50 2.5 ms, p99 40.0 ms (1,000 offered the version)")
                .contains("rollout counts           COMPLETED: offered 1,000, succeeded 950, failed 50, stalled 0, in progress 0")
                .contains("  time to store/apply all            8.0 s           10.0 s")
                .contains("  msg/s                               245              196")
                .contains("  peak lag (records)                1,500            2,000")
                .contains("rollout / state-ingest   0.80")
                .contains("CPU while reporting      9.8 s in 8.0 s of wall time: by process, share, µs per persisted message")
                .contains("  fsp                       4.9 s  50.0 %  2500.0 µs/msg")
                .contains("  kafka broker              1.0 s  10.0 %   500.0 µs/msg")
                .contains("  load generator (this JVM)    3.9 s  40.0 %  2000.0 µs/msg")
                .contains("peak RSS rollout         300 MiB")
                .doesNotContain("differs");
    }

    @Test
    void aRolloutThatCountsOtherwiseDiffers() {
        LoadReport report = report(Optional.of(new RolloutCounts("RUNNING", 1_000, 900, 50, 0, 50)), Optional.empty());

        assertThat(report.rolloutMatches()).isFalse();
        assertThat(printed(report)).contains("<- differs").contains("not all").contains("rollout did not apply every message");
        assertThat(report(Optional.empty(), Optional.empty()).rolloutMatches()).isFalse();
    }
}

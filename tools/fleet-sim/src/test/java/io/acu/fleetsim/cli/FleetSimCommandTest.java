package io.acu.fleetsim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.fleetsim.domain.InjectedFailure;
import io.acu.fleetsim.http.StubServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FleetSimCommandTest {

    /** What one in-process run of the command printed and returned. */
    private record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = FleetSimCommand.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exit = command.execute(args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    private static List<String> runArgs(String base, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--manifest-builder", base, "--dp-locator", base, "--fsp", base, "--state-ingest", base, "--rollout", base));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void durationsFailureRatesAndSharesAreRead() {
        assertThat(CliValues.duration("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(CliValues.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(CliValues.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(CliValues.duration("0")).isZero();
        assertThat(CliValues.duration("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> CliValues.duration("soon")).hasMessage("'soon' is not a duration such as 60s, 500ms, 2m or PT1M");

        assertThat(CliValues.failureRates("download=0.02,hash=0.01,install=0.02")).isEqualTo(new InjectedFailure.Rates(0.02, 0.01, 0.02));
        assertThat(CliValues.failureRates("hash=0.5")).isEqualTo(new InjectedFailure.Rates(0, 0.5, 0));
        assertThat(CliValues.failureRates("none")).isEqualTo(InjectedFailure.Rates.ZERO);
        assertThatThrownBy(() -> CliValues.failureRates("disk=0.1")).hasMessageContaining("'disk=0.1' is not kind=rate");
        assertThatThrownBy(() -> CliValues.failureRates("hash=0.1,hash=0.2")).hasMessage("hash is given twice");
        assertThatThrownBy(() -> CliValues.failureRates("download=lots")).hasMessage("download must be a number 0..1, was 'lots'");
        assertThatThrownBy(() -> CliValues.failureRates("download=0.6,install=0.6")).hasMessage("failure rates add up to more than 1");
        assertThatThrownBy(() -> CliValues.share("1.5", "--interrupted")).hasMessage("--interrupted must be a number 0..1, was 1.5");
    }

    @Test
    void badOptionValuesAreUsageErrorsWithTheReason() {
        Outcome rates = execute(runArgs("http://127.0.0.1:9", "--failures", "download=2").toArray(String[]::new));
        assertThat(rates.exitCode()).isEqualTo(2);
        assertThat(rates.err()).contains("download must be a number 0..1, was 2").contains("Usage: acu-fleet-sim run");

        Outcome clients = execute(runArgs("http://127.0.0.1:9", "--clients", "0").toArray(String[]::new));
        assertThat(clients.exitCode()).isEqualTo(2);
        assertThat(clients.err()).contains("a fleet has at least one client, was 0");

        Outcome url = execute(runArgs("ftp://127.0.0.1:9").toArray(String[]::new));
        assertThat(url.exitCode()).isEqualTo(2);
        assertThat(url.err()).contains("manifest-builder URL must be absolute http(s)://host[:port], was ftp://127.0.0.1:9");

        Outcome packageId = execute(runArgs("http://127.0.0.1:9", "--package", "CAS0006").toArray(String[]::new));
        assertThat(packageId.exitCode()).isEqualTo(2);
        assertThat(packageId.err()).contains("CAS0006");

        Outcome missing = execute("run", "--fsp", "http://127.0.0.1:9");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required options").contains("--manifest-builder");
    }

    @Test
    void anUnreachableServiceEndsTheRunWithExitCode3() {
        Outcome outcome = execute(runArgs("http://127.0.0.1:9", "--clients", "5").toArray(String[]::new));
        assertThat(outcome.exitCode()).isEqualTo(FleetSimCommand.SERVICE_UNAVAILABLE);
        assertThat(outcome.err()).contains("acu-fleet-sim: manifest-builder is unreachable").contains("acu-fleet-sim: state-ingest is unreachable");
    }

    @Test
    void aRunPrintsItsSummary() {
        try (StubServices services = StubServices.seed()) {
            String base = services.base().toString();
            Outcome withoutToken = execute(runArgs(base, "--clients", "5", "--token", "").toArray(String[]::new));
            assertThat(withoutToken.exitCode()).isEqualTo(FleetSimCommand.SERVICE_UNAVAILABLE);
            assertThat(withoutToken.err()).contains("answered 401").contains("acu-viewer");

            Outcome outcome = execute(runArgs(base, "--clients", "40", "--seed", "7", "--wall", "0", "--max-policy-reads", "1000000", "--concurrency", "4", "--token", StubServices.TOKEN,
                    "--failures", "hash=0.2", "--interrupted", "0.5", "--start", "2026-11-30T08:00:00Z").toArray(String[]::new));

            assertThat(outcome.exitCode()).as(outcome.err()).isZero();
            assertThat(outcome.out()).contains("Package CAS00006 v5 (clients installed from v4)")
                    .contains("Clients: 40").contains("excluded                  0").contains("pending                   0")
                    .containsPattern("upgraded +\\d+").containsPattern("hash mismatch +[1-9]\\d*")
                    .containsPattern("Downloads: 40 cabinets, 40 files, \\d+ bytes, [1-9]\\d* resumed")
                    .contains("40 clients finished their upgrade attempt").contains("offered                  40")
                    .contains("Ring broad        40 clients,     40 offered").contains("Grants: 40 requested, 0 answered 429");
        }
    }

    @Test
    void aFloodPostsOneReportPerClientAndPrintsItsFigures() {
        try (StubServices services = StubServices.seed()) {
            String url = services.base().resolve("/SMS_FSP/.sms_fsp").toString();
            Outcome outcome = execute("flood", "--url", url, "--reports", "50", "--concurrency", "4");

            assertThat(outcome.exitCode()).as(outcome.err()).isZero();
            assertThat(outcome.out()).containsPattern("flood: 50 reports in [0-9.]+ s: [0-9.]+ req/s, 50 answered 2xx, 0 refused; latency p50 \\d+ us")
                    .contains("(4 connections)");
            List<io.acu.formats.statemessage.Report> received = services.acceptedReports("/SMS_FSP/.sms_fsp");
            assertThat(received).hasSize(50);
            assertThat(received.stream().map(report -> report.header().machine().clientId()).distinct()).hasSize(50);
            assertThat(received).allSatisfy(report -> assertThat(report.messages().get(0).state().id()).isEqualTo(400));

            Outcome warmedUp = execute("flood", "--url", url, "--reports", "20", "--warm-up", "30", "--concurrency", "4");
            assertThat(warmedUp.exitCode()).as(warmedUp.err()).isZero();
            assertThat(warmedUp.out()).contains("flood: 20 reports in").contains("20 answered 2xx, 0 refused");
            assertThat(services.acceptedReports("/SMS_FSP/.sms_fsp")).hasSize(100);
        }
    }

    @Test
    void aFloodRefusesWhatItCannotPostToAndStopsWhenTheTargetIsUnreachable() {
        for (String url : List.of("not-a-url", "ftp://127.0.0.1/x", "http:///no-host")) {
            Outcome outcome = execute("flood", "--url", url, "--reports", "3");
            assertThat(outcome.exitCode()).as(url).isEqualTo(2);
            assertThat(outcome.err()).as(url).contains("the target must be an http or https URL with a host");
        }
        Outcome badPort = execute("flood", "--url", "http://127.0.0.1:99999/x", "--reports", "3");
        assertThat(badPort.exitCode()).isEqualTo(2);
        assertThat(badPort.err()).contains("a port up to 65535");
        List<String[]> badCounts = List.of(new String[] {"--reports", "0"}, new String[] {"--concurrency", "513"}, new String[] {"--warm-up", "-1"},
                new String[] {"--reports", "2147483647", "--warm-up", "1"}, new String[] {"--reports", "1000001"});
        for (String[] counts : badCounts) {
            List<String> args = new ArrayList<>(List.of("flood", "--url", "http://127.0.0.1:9/x"));
            args.addAll(List.of(counts));
            Outcome outcome = execute(args.toArray(String[]::new));
            assertThat(outcome.exitCode()).as(counts[0]).isEqualTo(2);
            assertThat(outcome.err()).as(counts[0]).contains("concurrency 1 to 512").contains("together at most 1000000");
        }

        long began = System.nanoTime();
        Outcome unreachable = execute("flood", "--url", "http://127.0.0.1:9/x", "--reports", "100000", "--concurrency", "4");
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).contains("acu-fleet-sim: stopped early, a report could not be delivered: POST http://127.0.0.1:9/x failed after")
                .contains("ConnectException");
        assertThat(unreachable.out()).contains("0 answered 2xx, 0 refused").contains("CPU of this process n/a us per report");
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aFloodCountsARefusalAndGoesOnButStopsWhenTheTargetStillFailsAfterTheRetries() {
        try (StubServices services = StubServices.seed()) {
            services.scriptedPostAnswers.add(new String[] {"400", null, "Report is not well-formed XML"});
            for (int attempt = 0; attempt < 5; attempt++) {
                services.scriptedPostAnswers.add(new String[] {"500", null, "boom"});
            }
            Outcome outcome = execute("flood", "--url", services.base().resolve("/SMS_FSP/.sms_fsp").toString(), "--reports", "50", "--concurrency", "1");

            assertThat(outcome.exitCode()).isEqualTo(1);
            assertThat(outcome.out()).contains("flood: 2 reports in").contains("0 answered 2xx, 2 refused").contains("(1 connections)");
            assertThat(outcome.err()).contains("acu-fleet-sim: the first refusal: 400 Report is not well-formed XML")
                    .contains("acu-fleet-sim: stopped early, a report could not be delivered: POST " + services.base().resolve("/SMS_FSP/.sms_fsp")
                            + " still answered 500 boom after the retries");
        }
    }
}

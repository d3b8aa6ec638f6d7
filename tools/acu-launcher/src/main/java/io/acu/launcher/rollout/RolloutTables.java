package io.acu.launcher.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.acu.fleetsim.domain.WaveSimulation;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * A rollout as tables on the terminal, for the demo's final table and {@code ./acu rollout}: the status line with its
 * reason (why it halted), each ring's state and figures as rollout reports them (next to the simulator's ground
 * truth when there is one), and the top error codes with their names.
 */
public final class RolloutTables {

    private RolloutTables() {
    }

    /**
     * Prints one rollout ({@code GET /api/rollouts/{packageId}/{version}}).
     *
     * @param rollout rollout's view; null prints that rollout has none
     * @param truth the fleet's ground truth per ring, or an empty map when there is none (the operator CLI)
     */
    public static void print(JsonNode rollout, Map<String, WaveSimulation.RingTally> truth, PrintStream out) {
        if (rollout == null) {
            out.println("rollout: no rollout for this version");
            return;
        }
        out.printf(Locale.ROOT, "Rollout of %s v%d (plan v%d): %s%n", rollout.path("packageId").asText(), rollout.path("packageVersion").asInt(),
                rollout.path("planVersion").asInt(), rollout.path("status").asText());
        if (rollout.hasNonNull("reason") && !rollout.path("reason").asText().isBlank()) {
            out.println("  reason: " + rollout.path("reason").asText());
        }
        if (rollout.path("onRevokedVersion").asLong() > 0) {
            out.printf(Locale.ROOT, "  clients already on this revoked version: %,d%n", rollout.path("onRevokedVersion").asLong());
        }
        boolean withTruth = !truth.isEmpty();
        out.printf("%-8s %-19s %9s %10s %8s %8s %11s%s%n", "ring", "state", "offered", "succeeded", "failed", "stalled", "in progress",
                withTruth ? "   | fleet-sim: offered succeeded failed unfinished" : "");
        for (JsonNode ring : rollout.path("rings")) {
            String name = ring.path("ring").asText();
            String ground = "";
            if (withTruth) {
                WaveSimulation.RingTally t = truth.getOrDefault(name, new WaveSimulation.RingTally(0, 0, 0, 0, 0));
                ground = String.format(Locale.ROOT, "   | %18d %9d %6d %10d", t.offered(), t.succeeded(), t.failed(), t.unfinished());
            }
            out.printf(Locale.ROOT, "%-8s %-19s %,9d %,10d %,8d %,8d %,11d%s%n", name, ring.path("state").asText(), ring.path("offered").asLong(),
                    ring.path("succeeded").asLong(), ring.path("failed").asLong(), ring.path("stalled").asLong(), ring.path("inProgress").asLong(), ground);
        }
        JsonNode codes = rollout.path("topErrorCodes");
        if (codes.size() > 0) {
            out.println("Top error codes (state, name, error code, clients):");
            for (JsonNode code : codes) {
                out.printf(Locale.ROOT, "  %-9s %-40s %-12s %,d%n", code.path("topicType").asInt() + "/" + code.path("stateId").asInt(),
                        code.path("name").asText(""), code.path("errorCode").asText(""), code.path("clients").asLong());
            }
        }
        out.flush();
    }

    /** Prints the rollout's history ({@code history} of the single-rollout view), oldest first as rollout gives it. */
    public static void printHistory(JsonNode rollout, PrintStream out) {
        JsonNode history = rollout == null ? null : rollout.path("history");
        if (history == null || history.size() == 0) {
            return;
        }
        out.println("History:");
        for (JsonNode change : history) {
            out.printf(Locale.ROOT, "  %-24s %-12s %-6s %-16s %s%n", change.path("occurredAt").asText(), change.path("change").asText(),
                    change.path("ring").asText(""), change.path("actor").asText(""), change.path("reason").asText(""));
        }
        out.flush();
    }
}

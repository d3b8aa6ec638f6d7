package io.acu.rollout.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.acu.contracts.StrictJson;
import io.acu.rollout.domain.GateCriteria;
import io.acu.rollout.domain.InvalidPlanException;
import io.acu.rollout.domain.Ring;
import io.acu.rollout.domain.RolloutPlan;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A rollout plan as JSON, the same shape in the admin API and in rollout's tables:
 * <pre>{@code
 * {"rings": [
 *   {"name": "pilot", "clientIds": ["GUID:…"], "boundaryGroups": ["BG-HQ"], "manualPromote": false,
 *    "gate": {"successPercent": 90, "failurePercent": 10, "minSample": 5, "soak": "PT1H",
 *             "stalledCountAsFailure": true, "ignoredErrorCodes": ["0x80070BC2"]}},
 *   {"name": "early", "percent": 10},
 *   {"name": "broad", "rest": true}]}
 * }</pre>
 * A missing {@code gate} is {@link GateCriteria#DEFAULT}; missing gate fields take the default's values; {@code soak}
 * is an ISO-8601 duration. Read strictly ({@link StrictJson}: unknown or repeated fields and coerced scalars are
 * refused).
 */
public final class PlanJson {

    private static final ObjectMapper JSON = StrictJson.mapper();

    private PlanJson() {
    }

    /** The plan document. @param rings in order */
    public record PlanDocument(List<RingDocument> rings) {
    }

    /**
     * One ring as JSON; see {@link Ring} for the fields' meaning.
     *
     * @param name e.g. {@code pilot}
     * @param clientIds explicit members; null or empty for none
     * @param boundaryGroups explicit member boundary groups; null or empty for none
     * @param percent share of the non-explicit clients, 0..100; null unless a percent ring
     * @param rest true for the ring of everyone left
     * @param gate the ring's gate; null for the default
     * @param manualPromote true to wait for an operator's promote after the gate passes
     */
    public record RingDocument(String name, List<String> clientIds, List<String> boundaryGroups, Double percent, Boolean rest,
            GateDocument gate, Boolean manualPromote) {
    }

    /**
     * A gate as JSON; see {@link GateCriteria}. Null fields take {@link GateCriteria#DEFAULT}'s values.
     *
     * @param successPercent 0..100
     * @param failurePercent 0..100
     * @param minSample 1 or more
     * @param soak ISO-8601 duration, e.g. {@code PT30M}
     * @param stalledCountAsFailure whether stalls count as failures
     * @param ignoredErrorCodes e.g. {@code ["0x80070BC2"]}
     */
    public record GateDocument(Double successPercent, Double failurePercent, Integer minSample, String soak,
            Boolean stalledCountAsFailure, List<String> ignoredErrorCodes) {
    }

    /**
     * Reads and validates a plan.
     *
     * @param body the JSON text
     * @return the plan in canonical form
     * @throws InvalidPlanException naming the field, for JSON that is not a plan or a plan that breaks a rule
     */
    public static RolloutPlan read(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidPlanException("rings", "the body must be a rollout plan: {\"rings\": [...]}");
        }
        PlanDocument document;
        try {
            document = JSON.readValue(body, PlanDocument.class);
        } catch (UnrecognizedPropertyException e) {
            String path = StrictJson.path(e);
            throw new InvalidPlanException(path, "unknown field '" + e.getPropertyName() + "' at " + path);
        } catch (JsonProcessingException e) {
            throw new InvalidPlanException(e instanceof JsonMappingException m && !StrictJson.path(m).isEmpty() ? StrictJson.path(m) : "rings", "the body is not a rollout plan: " + StrictJson.describe(e, "a JSON object {\"rings\": [...]}"));
        }
        if (document == null) {
            throw new InvalidPlanException("rings", "the body must be a JSON object {\"rings\": [...]}");
        }
        return toPlan(document).validated();
    }

    /** @return the plan as the JSON document (every gate field written out) */
    public static String write(RolloutPlan plan) {
        try {
            return JSON.writeValueAsString(toDocument(plan));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan always serialises", e);
        }
    }

    /** @return the plan as the document record, for JSON responses */
    public static PlanDocument toDocument(RolloutPlan plan) {
        List<RingDocument> rings = new ArrayList<>();
        for (Ring ring : plan.rings()) {
            GateCriteria g = ring.gate();
            rings.add(new RingDocument(ring.name(), ring.clientIds(), ring.boundaryGroups(), ring.percent(), ring.rest(),
                    new GateDocument(g.successPercent(), g.failurePercent(), g.minSample(), g.soak().toString(), g.stalledCountAsFailure(),
                            g.ignoredErrorCodes()), ring.manualPromote()));
        }
        return new PlanDocument(rings);
    }

    private static RolloutPlan toPlan(PlanDocument document) {
        if (document.rings() == null) {
            throw new InvalidPlanException("rings", "rings is required");
        }
        List<Ring> rings = new ArrayList<>();
        for (int i = 0; i < document.rings().size(); i++) {
            RingDocument r = document.rings().get(i);
            if (r == null) {
                throw new InvalidPlanException("rings[" + i + "]", "rings[" + i + "] is null");
            }
            rings.add(new Ring(r.name(), r.clientIds(), r.boundaryGroups(), r.percent(), Boolean.TRUE.equals(r.rest()),
                    gate(r.gate(), "rings[" + i + "].gate"), Boolean.TRUE.equals(r.manualPromote())));
        }
        return new RolloutPlan(rings);
    }

    private static GateCriteria gate(GateDocument g, String path) {
        GateCriteria d = GateCriteria.DEFAULT;
        if (g == null) {
            return d;
        }
        Duration soak = d.soak();
        if (g.soak() != null) {
            try {
                soak = Duration.parse(g.soak());
            } catch (DateTimeParseException e) {
                throw new InvalidPlanException(path + ".soak", path + ".soak must be an ISO-8601 duration such as PT30M, was '" + g.soak() + "'");
            }
        }
        return new GateCriteria(g.successPercent() == null ? d.successPercent() : g.successPercent(),
                g.failurePercent() == null ? d.failurePercent() : g.failurePercent(),
                g.minSample() == null ? d.minSample() : g.minSample(), soak,
                g.stalledCountAsFailure() == null ? d.stalledCountAsFailure() : g.stalledCountAsFailure(),
                g.ignoredErrorCodes() == null ? d.ignoredErrorCodes() : g.ignoredErrorCodes());
    }
}

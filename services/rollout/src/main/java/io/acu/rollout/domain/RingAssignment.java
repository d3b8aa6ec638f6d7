package io.acu.rollout.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which ring of a plan a client belongs to, computed from the client alone (no client list is read or kept): an
 * explicit ring that lists the client or its boundary group wins; otherwise the client's bucket, a stable hash of
 * (package ID, client ID) in 0..9,999, falls into one of the percent rings by their cumulative shares; otherwise
 * the rest ring, if any. The hash is SHA-256, so a client keeps its ring for a package across restarts, replicas and
 * releases, and different packages spread the fleet differently (the same clients are not always first).
 */
public final class RingAssignment {

    /** Buckets the hash is reduced to: shares resolve to 0.01 %. */
    public static final int BUCKETS = 10_000;

    private RingAssignment() {
    }

    /**
     * @param plan a validated plan
     * @param packageId e.g. {@code CAS00006}
     * @param clientId canonical client ID
     * @param boundaryGroup the boundary group the client reports, or null
     * @return the ring's index in the plan, or empty when no ring takes the client (percentages below 100 and no
     *     rest ring)
     */
    public static Optional<Integer> ringOf(RolloutPlan plan, String packageId, String clientId, String boundaryGroup) {
        for (int i = 0; i < plan.rings().size(); i++) {
            Ring ring = plan.rings().get(i);
            if (ring.kind() == Ring.Kind.EXPLICIT && (ring.clientIds().contains(clientId) || ring.hasBoundaryGroup(boundaryGroup))) {
                return Optional.of(i);
            }
        }
        int bucket = bucket(packageId, clientId);
        double upTo = 0;
        for (int i = 0; i < plan.rings().size(); i++) {
            Ring ring = plan.rings().get(i);
            if (ring.kind() == Ring.Kind.PERCENT) {
                upTo += ring.percent() * (BUCKETS / 100.0);
                if (bucket < Math.round(upTo)) {
                    return Optional.of(i);
                }
            } else if (ring.kind() == Ring.Kind.REST) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /**
     * The client's stable bucket for a package: the first eight bytes of SHA-256 over
     * {@code PACKAGEID/CLIENTID} (both upper-case, UTF-8) as an unsigned number, modulo {@link #BUCKETS}.
     *
     * @return 0 to 9,999
     */
    public static int bucket(String packageId, String clientId) {
        byte[] digest = sha256().digest((packageId.toUpperCase(Locale.ROOT) + "/" + clientId.toUpperCase(Locale.ROOT))
                .getBytes(StandardCharsets.UTF_8));
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (digest[i] & 0xFF);
        }
        return (int) Long.remainderUnsigned(value, BUCKETS);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}

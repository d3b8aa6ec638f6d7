package io.acu.fleetsim.http;

import java.util.SplittableRandom;

/**
 * The transport's own per-client chances — whether a download is cut mid-way, whether a client sends its status
 * reports twice — drawn deterministically from the run's seed and the client's index (and the file name), so a run
 * repeats exactly and these draws do not disturb the domain's per-client random sequence (plans, injected failures).
 */
public final class ClientDraws {

    private static final long INTERRUPTION_SALT = 0x1D0A_7E5C_0B17_5L;
    private static final long DUPLICATE_SALT = 0x0D0B_1E5E_7D00_2L;

    private ClientDraws() {
    }

    /**
     * @param seed the run's seed
     * @param clientIndex the client's index in the fleet
     * @param fileName the manifest item being downloaded
     * @param share fraction 0..1 of downloads that are interrupted
     * @return whether this client's download of {@code fileName} is cut after about half its bytes
     */
    public static boolean downloadInterrupted(long seed, int clientIndex, String fileName, double share) {
        return share > 0 && draw(seed ^ INTERRUPTION_SALT, clientIndex, fileName.hashCode()) < share;
    }

    /**
     * @param seed the run's seed
     * @param clientIndex the client's index in the fleet
     * @param share fraction 0..1 of clients that send each status report twice
     * @return whether this client sends each report again (same content, same serial number) after it was accepted
     */
    public static boolean sendsDuplicates(long seed, int clientIndex, double share) {
        return share > 0 && draw(seed ^ DUPLICATE_SALT, clientIndex, 0) < share;
    }

    private static double draw(long seed, int clientIndex, int salt) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + clientIndex * 0xBF58476D1CE4E5B9L + salt).nextDouble();
    }
}

package io.acu.fleetsim.domain;

import java.util.random.RandomGenerator;

/**
 * A failure the simulator injects into one client's upgrade so the dashboards have failures to
 * show, and what the client then reports (as ccmsetup and the EP agent would).
 */
public enum InjectedFailure {
    /** The upgrade goes through: FSP 400, then EP 2001/3 with 0x00000000. */
    NONE,
    /** A BITS download of a package file fails for good: FSP 309, nothing installed. */
    DOWNLOAD_FAILURE,
    /** A downloaded file does not match the manifest's hash: FSP 325, nothing installed. */
    HASH_MISMATCH,
    /** ccmsetup succeeds (FSP 400) but the EP agent's install fails: EP 2001/4 with 0x80070643. */
    INSTALL_FAILURE;

    /** The Windows Installer HRESULT reported for {@link #INSTALL_FAILURE} (fatal error during installation). */
    public static final String INSTALL_FAILURE_CODE = "0x80070643";
    /** The share of clients on which a bad hotfix's EP agent fails to install. */
    public static final double BAD_HOTFIX_INSTALL_FAILURE = 0.40;

    /**
     * The bad-hotfix scenario: the new version's EP agent fails to install (2001/4 with {@link #INSTALL_FAILURE_CODE})
     * on {@link #BAD_HOTFIX_INSTALL_FAILURE} of the clients, the other rates kept.
     *
     * @throws IllegalArgumentException when the download and hash rates leave less than that share
     */
    public static Rates badHotfix(Rates rates) {
        return new Rates(rates.downloadFailure(), rates.hashMismatch(), Math.max(rates.installFailure(), BAD_HOTFIX_INSTALL_FAILURE));
    }

    /**
     * Injection rates, each a probability 0..1 per client; their sum is at most 1.
     *
     * @param downloadFailure share of clients whose download fails
     * @param hashMismatch share of clients that receive a corrupted file
     * @param installFailure share of clients whose EP install fails
     */
    public record Rates(double downloadFailure, double hashMismatch, double installFailure) {

        /** No injected failures. */
        public static final Rates ZERO = new Rates(0, 0, 0);

        /** @throws IllegalArgumentException for a rate outside 0..1 or a sum above 1 */
        public Rates {
            for (double rate : new double[] {downloadFailure, hashMismatch, installFailure}) {
                if (!(rate >= 0 && rate <= 1)) {
                    throw new IllegalArgumentException("a failure rate is a probability 0..1, was " + rate);
                }
            }
            if (downloadFailure + hashMismatch + installFailure > 1) {
                throw new IllegalArgumentException("failure rates add up to more than 1");
            }
        }

        /** Draws one client's fate from its own random source. */
        public InjectedFailure draw(RandomGenerator random) {
            double x = random.nextDouble();
            if (x < downloadFailure) {
                return DOWNLOAD_FAILURE;
            }
            if (x < downloadFailure + hashMismatch) {
                return HASH_MISMATCH;
            }
            return x < downloadFailure + hashMismatch + installFailure ? INSTALL_FAILURE : InjectedFailure.NONE;
        }
    }
}

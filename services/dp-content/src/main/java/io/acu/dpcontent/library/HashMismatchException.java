package io.acu.dpcontent.library;

import io.acu.formats.Sha256;

/**
 * Content did not hash to what the manifest says: the DP refuses to commit it (ConfigMgr's distribution manager
 * would retry the package; a client would fail with a hash error).
 */
public class HashMismatchException extends RuntimeException {

    private final Sha256 expected;
    private final Sha256 actual;

    /**
     * @param expected the hash the content should have
     * @param actual the hash of what arrived
     */
    public HashMismatchException(Sha256 expected, Sha256 actual) {
        super("hash mismatch: expected " + expected + ", got " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    /** @return the hash the content should have */
    public Sha256 expected() {
        return expected;
    }

    /** @return the hash of what arrived */
    public Sha256 actual() {
        return actual;
    }
}

package io.acu.formats.cab;

/**
 * A cabinet acu cannot read: not a cabinet, truncated, a bad checksum, corrupt MSZIP data, over the size limit,
 * or a feature outside what {@link CabinetReader} supports (Quantum/LZX, spanning cabinets). The message is one
 * human-readable reason, e.g. {@code CFDATA block 2 of folder 1: checksum 0x1234ABCD, computed 0x0BADF00D}.
 */
public class MalformedCabinetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param reason the human-readable reason, used as the message */
    public MalformedCabinetException(String reason) {
        super(reason);
    }

    /**
     * @param reason the human-readable reason, used as the message
     * @param cause the underlying error, e.g. a {@link java.util.zip.DataFormatException}
     */
    public MalformedCabinetException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

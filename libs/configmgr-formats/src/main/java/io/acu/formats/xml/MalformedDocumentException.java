package io.acu.formats.xml;

/**
 * A document that acu refuses to read: not well-formed XML, a DOCTYPE or entity reference, over
 * a {@link XmlLimits limit}, the wrong root element, or a missing or invalid field. The message is
 * a single human-readable reason such as {@code DOCTYPE not allowed},
 * {@code document exceeds 4194304 bytes}, {@code missing attribute FileHash on Item 2} or
 * {@code StateMessage 1: MessageTime 'xyz' is not a WMI datetime: ...}; it never echoes more than
 * a short, sanitised excerpt of the input, so it can be logged and returned to the sender.
 *
 * <p>Unchecked: callers that take untrusted input catch it at their boundary (e.g. map it to HTTP
 * 400); everywhere else it signals corrupt data.
 */
public class MalformedDocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param reason the human-readable reason, used as the message */
    public MalformedDocumentException(String reason) {
        super(reason);
    }

    /**
     * @param reason the human-readable reason, used as the message
     * @param cause the underlying parser or value error
     */
    public MalformedDocumentException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

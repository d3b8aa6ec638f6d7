package io.acu.infra;

/**
 * A piece of infrastructure (Kafka broker, PostgreSQL server) could not be started or reached.
 * The message names what failed, the port it tried and the log file to read.
 */
public class InfraStartException extends RuntimeException {

    /** @param message what failed, with port and log file where known */
    public InfraStartException(String message) {
        super(message);
    }

    /** @param message what failed, with port and log file where known; @param cause the underlying error */
    public InfraStartException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.acu.stateingest.rest;

import io.acu.intake.IntakeReply;
import jakarta.ws.rs.core.Response;

/** RFC 9457 problem responses ({@code application/problem+json}) shared by the resources; built as the intake's. */
final class Problems {

    private Problems() {
    }

    /**
     * @param retryAfterSeconds sets Retry-After when positive
     * @return a response with {@code type}, {@code title}, {@code status} and {@code detail}
     */
    static Response problem(int status, String title, String detail, long retryAfterSeconds) {
        return new IntakeReply(status, title, detail, retryAfterSeconds).toResponse();
    }

    static Response badRequest(String detail) {
        return problem(400, "Bad Request", detail, 0);
    }
}

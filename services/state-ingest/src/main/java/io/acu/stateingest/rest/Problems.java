package io.acu.stateingest.rest;

import io.acu.problem.Problem;
import jakarta.ws.rs.core.Response;

/** RFC 9457 problem responses shared by the resources, rendered by the project's one {@link Problem} type. */
final class Problems {

    private Problems() {
    }

    /**
     * @param title ignored: the title is the status' RFC 9110 reason phrase
     * @param retryAfterSeconds sets Retry-After when positive
     * @return a response with {@code type}, {@code title}, {@code status} and {@code detail}
     */
    static Response problem(int status, String title, String detail, long retryAfterSeconds) {
        return Problem.of(status, detail).retryAfter(retryAfterSeconds).toResponse();
    }

    static Response badRequest(String detail) {
        return Problem.badRequest(detail).toResponse();
    }
}

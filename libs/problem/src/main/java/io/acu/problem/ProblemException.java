package io.acu.problem;

/**
 * Refuses the current request with a {@link Problem}: thrown from a REST adapter (never from domain code, whose
 * exceptions each service maps itself) and rendered by {@link ProblemMappers}.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    /** @param problem the answer to send; its detail is also this exception's message */
    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    /** @return a 400 Bad Request refusal with {@code detail} */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.badRequest(detail));
    }

    /** @return the answer to send */
    public Problem problem() {
        return problem;
    }
}

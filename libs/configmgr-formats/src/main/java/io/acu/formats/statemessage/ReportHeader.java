package io.acu.formats.statemessage;

import java.util.Objects;

/**
 * A report's {@code <ReportHeader>}.
 *
 * @param machine the sending client, from {@code Identification/Machine}
 * @param details the report metadata, from {@code ReportDetails}
 */
public record ReportHeader(Machine machine, ReportDetails details) {

    /** @throws NullPointerException if a component is null */
    public ReportHeader {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(details, "details");
    }
}

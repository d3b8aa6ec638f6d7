package io.acu.formats.statemessage;

import io.acu.formats.WmiDateTime;
import java.util.Objects;

/**
 * A report's {@code <ReportDetails>}; values kept as written.
 *
 * @param reportContent e.g. {@code State Message Data}
 * @param reportType e.g. {@code Full}
 * @param date when the client produced the report
 * @param version report version, e.g. {@code 1.0}
 * @param format report format version, e.g. {@code 1.0}
 */
public record ReportDetails(String reportContent, String reportType, WmiDateTime date, String version,
        String format) {

    /** @throws NullPointerException if a component is null */
    public ReportDetails {
        Objects.requireNonNull(reportContent, "reportContent");
        Objects.requireNonNull(reportType, "reportType");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(format, "format");
    }
}

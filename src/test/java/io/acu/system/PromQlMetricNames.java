package io.acu.system;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, so a dashboard or an alert rule can be checked against what the services
 * export. Enough of PromQL for our expressions (Prometheus' query language reference): strings, label matchers
 * ({@code {...}}), ranges and subqueries ({@code [...]}), grouping and matching modifiers ({@code by (...)},
 * {@code without (...)}, {@code on (...)}, {@code ignoring (...)}, {@code group_left (...)}, {@code group_right (...)})
 * and Grafana variables ({@code $namespace}, {@code ${datasource}}) are removed; what remains is functions and
 * aggregations (a name followed by {@code (}), keywords, numbers and metric names. Grafana's templating function
 * {@code label_values(<selector>, <label>)} reads the selector's metric only.
 */
final class PromQlMetricNames {

    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern MODIFIER = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern LABEL_VALUES = Pattern.compile("\\blabel_values\\s*\\(([^,)]*)(?:,[^)]*)?\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and",
            "or", "unless", "offset", "inf", "nan", "atan2");

    private PromQlMetricNames() {
    }

    /**
     * @param expression a PromQL expression, or a Grafana templating query such as
     *     {@code label_values(acu_compliance_clients, package)}
     * @return the metric names it reads, sorted; empty for an expression of constants
     */
    static Set<String> of(String expression) {
        String text = GRAFANA_VARIABLE.matcher(expression).replaceAll(" ");
        text = STRING.matcher(text).replaceAll(" ");
        text = LABEL_MATCHERS.matcher(text).replaceAll(" ");
        text = RANGE.matcher(text).replaceAll(" ");
        text = MODIFIER.matcher(text).replaceAll(" ");
        text = LABEL_VALUES.matcher(text).replaceAll(" $1 ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(text);
        while (identifier.find()) {
            String name = identifier.group();
            boolean call = text.substring(identifier.end()).stripLeading().startsWith("(");
            if (!call && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT)) && !isNumberSuffix(text, identifier.start())) {
                names.add(name);
            }
        }
        return names;
    }

    /** The {@code e3} of {@code 1e3}, or a duration's unit outside brackets (e.g. {@code offset 5m}). */
    private static boolean isNumberSuffix(String text, int start) {
        return start > 0 && Character.isDigit(text.charAt(start - 1));
    }
}

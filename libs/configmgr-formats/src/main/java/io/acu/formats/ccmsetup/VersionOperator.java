package io.acu.formats.ccmsetup;

import io.acu.formats.Version;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The comparison in a Discovery {@code Property Name="Version"} rule, written in the
 * {@code Operator} attribute ({@code &gt;=} in the XML source is {@code >=}).
 */
public enum VersionOperator {
    /** {@code >=}: the installed version must be at least the rule's. */
    GREATER_OR_EQUAL(">="),
    /** {@code >}. */
    GREATER(">"),
    /** {@code =}. */
    EQUAL("="),
    /** {@code <=}. */
    LESS_OR_EQUAL("<="),
    /** {@code <}. */
    LESS("<"),
    /** {@code !=}. */
    NOT_EQUAL("!=");

    private final String symbol;

    VersionOperator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in the attribute value, e.g. {@code >=}. */
    public String symbol() {
        return symbol;
    }

    /**
     * The operator written as {@code symbol}.
     *
     * @throws IllegalArgumentException if {@code symbol} is none of {@code >= > = <= < !=}
     */
    public static VersionOperator fromSymbol(String symbol) {
        for (VersionOperator operator : values()) {
            if (operator.symbol.equals(symbol)) {
                return operator;
            }
        }
        throw new IllegalArgumentException("'" + symbol + "' is not one of "
                + Arrays.stream(values()).map(VersionOperator::symbol).collect(Collectors.joining(" ")));
    }

    /** Whether {@code installed <operator> required} holds, comparing versions numerically. */
    public boolean test(Version installed, Version required) {
        int c = installed.compareTo(required);
        return switch (this) {
            case GREATER_OR_EQUAL -> c >= 0;
            case GREATER -> c > 0;
            case EQUAL -> c == 0;
            case LESS_OR_EQUAL -> c <= 0;
            case LESS -> c < 0;
            case NOT_EQUAL -> c != 0;
        };
    }
}

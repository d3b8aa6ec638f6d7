package io.acu.formats.xml;

import io.acu.formats.InvalidValueException;
import java.util.Locale;
import java.util.function.Function;

/**
 * Converts attribute and element text to typed values, turning a bad value into a
 * {@link MalformedDocumentException} whose reason says where it was, which field, and why:
 * {@code StateMessage 1: MessageTime 'xyz' is not a WMI datetime: expected ...}.
 *
 * <p>Surrounding whitespace is ignored for typed values (pretty-printed documents put none inside
 * leaf elements, but hand-edited ones might).
 */
public final class XmlValues {

    private XmlValues() {
    }

    /**
     * Parses {@code text} with {@code parser} (e.g. {@code Version::parse}).
     *
     * @param field the attribute or element name, e.g. {@code MessageTime}
     * @param where the enclosing element as the reason should name it, e.g. {@code StateMessage 1}
     * @throws MalformedDocumentException if {@code parser} throws {@link InvalidValueException}
     */
    public static <T> T value(String text, String field, String where, Function<String, T> parser) {
        try {
            return parser.apply(text.strip());
        } catch (InvalidValueException e) {
            throw new MalformedDocumentException(where + ": " + field + " " + e.getMessage(), e);
        }
    }

    /**
     * Parses a decimal {@code int} such as {@code Order="17"} or {@code <CodePage>437</CodePage>}.
     *
     * @throws MalformedDocumentException if {@code text} is not a decimal integer in int range
     */
    public static int integer(String text, String field, String where) {
        return value(text, field, where, XmlValues::parseInt);
    }

    /**
     * Parses a decimal non-negative {@code long} such as {@code SerialNumber="1187"}.
     *
     * @throws MalformedDocumentException if {@code text} is not a decimal integer 0..2^63-1
     */
    public static long nonNegativeLong(String text, String field, String where) {
        return value(text, field, where, XmlValues::parseNonNegativeLong);
    }

    /**
     * Parses an {@code xs:boolean} as ccmsetup.xml writes it: {@code true}/{@code false} (any
     * case) or {@code 1}/{@code 0}.
     *
     * @throws MalformedDocumentException for anything else
     */
    public static boolean bool(String text, String field, String where) {
        return value(text, field, where, XmlValues::parseBoolean);
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidValueException("number", text, "expected a decimal integer");
        }
    }

    private static long parseNonNegativeLong(String text) {
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // fall through to the common error
        }
        throw new InvalidValueException("number", text, "expected a non-negative decimal integer");
    }

    private static boolean parseBoolean(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new InvalidValueException("boolean", text, "expected true, false, 1 or 0");
        };
    }
}

package io.acu.contracts;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * JSON request bodies read strictly and refused in the sender's terms: for the HTTP endpoints that take JSON from
 * clients and operators (the state-message intakes' JSON form, manifest-builder's settings and hotfix metadata).
 *
 * <p>{@link #mapper()} reads exactly what was sent: unknown fields, a repeated field, content after the object,
 * {@code 2001.5} or {@code "2001"} or {@code ""} for a whole number, a number or {@code true} for a string are all
 * refused, never coerced. {@link #describe} turns what Jackson threw into a reason without Java class, token or
 * feature names, e.g. {@code field 'messages[0].topicType' must be a whole number}, {@code unknown field
 * 'messages[0].bogus'}, {@code malformed JSON at line 1, column 18: Unrecognized token 'x': ...}.
 */
public final class StrictJson {

    /** Jackson's advice to its own developers inside parser messages: {@code from `StreamReadConstraints...`}, ... */
    private static final Pattern JACKSON_ADVICE = Pattern.compile(
            ",? from `[^`]*`|: enable `[^`]*` to allow| ?\\(not recognized as one since Feature '[A-Z_]+' not enabled for parser\\)"
                    + "| \\(start marker at .*\\)$");

    private StrictJson() {
    }

    /** @return a new strict mapper (see the class documentation); configure it further as needed */
    public static JsonMapper mapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        mapper.coercionConfigDefaults().setAcceptBlankAsEmpty(false);
        for (LogicalType number : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(number)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /**
     * @param e what Jackson threw while reading a body
     * @param body what the body should have been, for a body of the wrong shape, e.g. {@code a JSON object (one report)}
     * @return the reason in plain words
     */
    public static String describe(JsonProcessingException e, String body) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + path(unknown) + "'";
        }
        if (e instanceof MismatchedInputException mismatch) {
            String path = path(mismatch);
            return path.isEmpty() ? "the body must be " + body : "field '" + path + "' must be " + expected(mismatch.getTargetType());
        }
        String reason = JACKSON_ADVICE.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("");
        // Databind wraps the parser's own failures (with the path it knows); the parser's carry its position.
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (cause instanceof InputCoercionException coercion) {
            String path = e instanceof JsonMappingException mapping ? path(mapping)
                    : coercion.getProcessor() != null ? path(coercion.getProcessor()) : "";
            if (!path.isEmpty()) {
                return "field '" + path + "' is out of range: " + reason;
            }
        }
        if (cause instanceof StreamConstraintsException) {
            return "the JSON exceeds what is read: " + reason;
        }
        JsonLocation where = e.getLocation();
        return where == null || where.getLineNr() < 0 ? reason
                : "malformed JSON at line " + where.getLineNr() + ", column " + where.getColumnNr() + ": " + reason;
    }

    /**
     * The JSON path of a mapping failure: field names joined by dots, array indexes in brackets, e.g.
     * {@code messages[0].topicType}; empty at the root.
     *
     * @param e the failure
     * @return the path
     */
    public static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The path of the value a parser stopped at, in the same form, from its JSON Pointer ({@code /messages/0/topicType}). */
    private static String path(JsonParser parser) {
        StringBuilder path = new StringBuilder();
        for (String segment : parser.getParsingContext().pathAsPointer().toString().split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.chars().allMatch(Character::isDigit) && path.length() > 0) {
                path.append('[').append(segment).append(']');
            } else {
                path.append(path.length() == 0 ? "" : ".").append(segment.replace("~1", "/").replace("~0", "~"));
            }
        }
        return path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == Long.class || type == Short.class || type == int.class || type == long.class
                || type == short.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return type.isEnum() ? "one of the allowed values" : "an object";
    }
}

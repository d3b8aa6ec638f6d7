package io.acu.contracts;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Collection;

/**
 * Why a JSON body could not be read, in the sender's terms rather than Jackson's (no Java class names, no token
 * names): for the 400 problem details of the HTTP endpoints that read JSON with {@link EventJson#mapper()} or a
 * mapper of their own, e.g. {@code field 'messages[0].topicType' must be a whole number},
 * {@code unknown field 'messages[0].bogus'}, {@code malformed JSON at line 1, column 18: Unrecognized token 'x': ...}.
 */
public final class JsonErrors {

    private JsonErrors() {
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
        String reason = String.valueOf(e.getOriginalMessage());
        int marker = reason.indexOf(" (start marker at");
        reason = marker >= 0 ? reason.substring(0, marker) : reason;
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

package io.acu.contracts;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component of an event that may be null. In JSON a null value is omitted (see
 * {@link EventJson}); the JSON Schemas leave such a field out of {@code required} and also accept an explicit
 * {@code null}. Components without this mark are required and rejected when null at construction.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({RECORD_COMPONENT, FIELD, METHOD, PARAMETER})
public @interface Nullable {
}

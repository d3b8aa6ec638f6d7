package io.acu.formats.xml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One element of a document read by {@link SafeXml}: an immutable tree node. Names are local
 * names (the ConfigMgr documents use no namespaces).
 *
 * <p>The {@code require*} methods throw {@link MalformedDocumentException} with a reason naming
 * the missing piece and {@code where} it was expected, e.g. {@code missing attribute FileHash on
 * Item 2}; format readers pass their own position description as {@code where}.
 *
 * @param name the element's local name
 * @param attributes attribute local name to value, in document order, entity references resolved
 * @param children the child elements, in document order
 * @param text the character data directly inside this element (CDATA included, children's text
 *     excluded), unmodified; empty if none
 */
public record XmlElement(String name, Map<String, String> attributes, List<XmlElement> children, String text) {

    /** Copies the collections, keeping attribute order. */
    public XmlElement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        children = List.copyOf(children);
    }

    /** The attribute's value, if present. */
    public Optional<String> attribute(String attributeName) {
        return Optional.ofNullable(attributes.get(attributeName));
    }

    /**
     * The attribute's value.
     *
     * @param where this element as the reason should name it, e.g. {@code Item 2}
     * @throws MalformedDocumentException {@code missing attribute <attributeName> on <where>}
     */
    public String requireAttribute(String attributeName, String where) {
        String value = attributes.get(attributeName);
        if (value == null) {
            throw new MalformedDocumentException("missing attribute " + attributeName + " on " + where);
        }
        return value;
    }

    /** The first child element with this name, if any. */
    public Optional<XmlElement> child(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).findFirst();
    }

    /** All child elements with this name, in document order. */
    public List<XmlElement> children(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    /**
     * The first child element with this name.
     *
     * @param where this element as the reason should name it, e.g. {@code Item 2}
     * @throws MalformedDocumentException {@code missing element <childName> in <where>}
     */
    public XmlElement requireChild(String childName, String where) {
        return child(childName).orElseThrow(
                () -> new MalformedDocumentException("missing element " + childName + " in " + where));
    }

    /**
     * The text of the first child element with this name, e.g. {@code ClientID} in {@code Machine}.
     *
     * @throws MalformedDocumentException if there is no such child
     */
    public String requireChildText(String childName, String where) {
        return requireChild(childName, where).text();
    }
}

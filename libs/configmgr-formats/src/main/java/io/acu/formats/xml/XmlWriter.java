package io.acu.formats.xml;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes XML text deterministically: attributes in call order, fixed escaping, fixed layout, so
 * the same values always give the same bytes (manifests are hashed and signed, and tests compare
 * bytes).
 *
 * <p>Layout: with an indent, every child element starts on its own line, indented per depth;
 * elements with text stay on one line ({@code <Property Name="Version">4.3.215.0</Property>});
 * elements with neither children nor text are self-closed. Without an indent (empty string),
 * everything is on one line, as ConfigMgr clients write state messages. The declaration, if any,
 * is followed by a newline, and so is the document.
 *
 * <p>Escaping: {@code & < >} in text and {@code & < > "} in attributes become entity
 * references; CR (and TAB/LF in attributes) become character references so they survive XML
 * end-of-line and attribute-value normalisation. Characters XML 1.0 cannot carry (most C0
 * controls, U+FFFE/U+FFFF, unpaired surrogates) are refused with {@link IllegalArgumentException}.
 *
 * <p>Not thread-safe; one document per instance.
 */
public final class XmlWriter {

    private final String indent;
    private final StringBuilder out = new StringBuilder();
    private final Deque<Open> open = new ArrayDeque<>();
    private boolean rootWritten;

    /** @param indent the text per nesting level, e.g. two spaces; empty for a one-line document */
    public XmlWriter(String indent) {
        this.indent = indent;
    }

    /**
     * Writes {@code <?xml version="1.0" encoding="<encodingLabel>"?>} and a newline. Must come first.
     *
     * @param encodingLabel the label to declare, e.g. {@code utf-8} or {@code UTF-16}; the caller
     *     encodes the result accordingly
     */
    public XmlWriter declaration(String encodingLabel) {
        if (out.length() > 0) {
            throw new IllegalStateException("the declaration must come first");
        }
        out.append("<?xml version=\"1.0\" encoding=\"").append(encodingLabel).append("\"?>\n");
        return this;
    }

    /** Opens an element; attributes may follow until its first child or text. */
    public XmlWriter start(String name) {
        Open parent = open.peek();
        if (parent == null) {
            if (rootWritten) {
                throw new IllegalStateException("a document has one root element");
            }
            rootWritten = true;
        } else {
            closeStartTag(parent);
            parent.hasChildren = true;
            newLine(open.size());
        }
        out.append('<').append(name);
        open.push(new Open(name));
        return this;
    }

    /** Adds an attribute to the element just opened. */
    public XmlWriter attribute(String name, String value) {
        Open current = current();
        if (!current.startTagOpen) {
            throw new IllegalStateException("attribute " + name + " after content of " + current.name);
        }
        out.append(' ').append(name).append("=\"");
        escape(value, true);
        out.append('"');
        return this;
    }

    /** Appends text to the current element; an empty string still gives {@code <x></x>}. */
    public XmlWriter text(String value) {
        Open current = current();
        closeStartTag(current);
        escape(value, false);
        return this;
    }

    /** Closes the current element. */
    public XmlWriter end() {
        Open current = current();
        open.pop();
        if (current.startTagOpen) {
            out.append("/>");
            return this;
        }
        if (current.hasChildren) {
            newLine(open.size());
        }
        out.append("</").append(current.name).append('>');
        return this;
    }

    /** Writes {@code <name>text</name>}. */
    public XmlWriter element(String name, String text) {
        return start(name).text(text).end();
    }

    /**
     * The finished document, ending with a newline.
     *
     * @throws IllegalStateException if no root element was written or an element is still open
     */
    public String finish() {
        if (!rootWritten || !open.isEmpty()) {
            throw new IllegalStateException("document incomplete: " + (rootWritten ? open.size() + " element(s) open" : "no root element"));
        }
        return out.append('\n').toString();
    }

    private Open current() {
        Open current = open.peek();
        if (current == null) {
            throw new IllegalStateException("no element is open");
        }
        return current;
    }

    private void closeStartTag(Open element) {
        if (element.startTagOpen) {
            out.append('>');
            element.startTagOpen = false;
        }
    }

    private void newLine(int depth) {
        if (!indent.isEmpty()) {
            out.append('\n').append(indent.repeat(depth));
        }
    }

    private void escape(String value, boolean attribute) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\r' -> out.append("&#13;");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    } else if (c < 0x20 || c == 0xFFFE || c == 0xFFFF || Character.isSurrogate(c)) {
                        throw new IllegalArgumentException(String.format(
                                "character U+%04X at index %d cannot be written in XML 1.0", (int) c, i));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    private static final class Open {
        final String name;
        boolean startTagOpen = true;
        boolean hasChildren;

        Open(String name) {
            this.name = name;
        }
    }
}

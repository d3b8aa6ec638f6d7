package io.acu.formats.xml;

import io.acu.formats.InvalidValueException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an untrusted XML document safely, into an {@link XmlElement} tree ({@link #parse}) or in one streaming pass
 * into a {@link ContentHandler} ({@link #read}).
 *
 * <p>Defences, after the OWASP XML External Entity Prevention Cheat Sheet:
 * <ul>
 *   <li>the size is checked against {@link XmlLimits#maxBytes()} before the parser sees a byte;
 *   <li>any DOCTYPE is refused ({@code DOCTYPE not allowed}): no DTD, no entity declarations, so
 *       neither external entities (XXE) nor entity expansion (billion laughs) can happen. The
 *       parser is also configured with DTD support, external entities, entity replacement and
 *       external DTD/schema access off, and a resolver that refuses everything;
 *   <li>entity references other than the five predefined ones ({@code &amp;} ...) are refused;
 *       character references ({@code &#10;}) are fine;
 *   <li>element nesting and element count are bounded ({@link XmlLimits}).
 * </ul>
 * The JDK's own StAX implementation is used ({@link XMLInputFactory#newDefaultFactory()}), not
 * whatever a classpath provides, so these settings mean the same everywhere.
 *
 * <p>Encodings: ConfigMgr writes UTF-8 or UTF-16, so only those are read. The encoding is detected
 * as XML 1.0 appendix F describes: from a byte order mark (UTF-8, UTF-16LE, UTF-16BE), else from
 * the first bytes ({@code <?} in UTF-16 without BOM), else UTF-8; a declaration naming another
 * encoding is refused. Bytes are decoded strictly here, before parsing, so an invalid sequence is
 * refused with its offset (and the JDK parser never prints its own {@code [Fatal Error]} lines
 * to stderr, which it does for bad bytes).
 */
public final class SafeXml {

    private static final int MAX_REASON = 200;
    private static final Pattern DECLARED_ENCODING =
            Pattern.compile("<\\?xml\\s[^>]{0,200}?encoding\\s*=\\s*[\"']([^\"']*)[\"']");
    private static final Set<String> SUPPORTED_ENCODINGS = Set.of("UTF-8", "UTF8", "UTF-16", "UTF16");

    /** The JDK (Xerces) StAX factory's property that resets and hands out one reader again. */
    private static final String REUSE_INSTANCE = "reuse-instance";

    /**
     * One factory per thread, reusing its reader ({@value #REUSE_INSTANCE}): building the JDK's reader (scanner, entity
     * manager, symbol table, buffers) cost more than reading a 1 KiB report. The factory is not thread-safe with reuse
     * on, hence per thread; {@link #parse} is not re-entrant, so a thread never needs two readers at once.
     */
    private static final ThreadLocal<XMLInputFactory> FACTORIES = ThreadLocal.withInitial(() -> {
        XMLInputFactory factory = newInputFactory();
        factory.setProperty(REUSE_INSTANCE, true);
        return factory;
    });

    private SafeXml() {
    }

    /**
     * A new JDK StAX input factory with DTDs, external entities and entity replacement disabled.
     * Readers from it still report a DOCTYPE as a {@code DTD} event; callers that use it directly
     * must refuse that event and {@code ENTITY_REFERENCE} events, as {@link #parse} does.
     */
    public static XMLInputFactory newInputFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_VALIDATING, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resource refused");
        });
        return factory;
    }

    /**
     * Reads a whole stream, refusing it once it passes {@code maxBytes}; never buffers more than
     * {@code maxBytes + 1} bytes. The stream is not closed.
     *
     * @throws MalformedDocumentException {@code document exceeds <maxBytes> bytes}
     * @throws IOException if reading fails
     */
    public static byte[] readBounded(InputStream in, long maxBytes) throws IOException {
        // Integer.MAX_VALUE - 8 is the largest array the JDK promises to allocate.
        int cap = (int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8);
        byte[] bytes = in.readNBytes(cap);
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return bytes;
    }

    /**
     * Receives the content of a document read by {@link #read}, in document order: what a format reader needs to map
     * a document straight to its values without building a tree ({@link #parse} is one such handler).
     *
     * <p>Only elements and their character data reach it; the defences above have already refused DOCTYPEs and
     * entity references, and the limits are counted before {@link #startElement} is called.
     */
    public interface ContentHandler {

        /**
         * An element starts.
         *
         * @param name its local name
         * @param attributes its attributes, valid during this call only
         */
        void startElement(String name, Attributes attributes);

        /**
         * Character data directly inside the innermost open element (text, CDATA, character and predefined entity
         * references resolved); one text may come in several pieces.
         *
         * @param text a buffer holding the characters, valid during this call only
         * @param start where they start in {@code text}
         * @param length how many there are
         */
        void characters(char[] text, int start, int length);

        /** The innermost open element ends. */
        void endElement();
    }

    /** The attributes of the element being started, by position in document order; valid during one call only. */
    public interface Attributes {

        /** @return how many attributes the element has */
        int count();

        /** @return the local name of attribute {@code index} (0-based) */
        String localName(int index);

        /** @return the value of attribute {@code index}, entity references resolved */
        String value(int index);
    }

    /**
     * Parses {@code document} into a tree, applying {@code limits} and the defences above.
     *
     * @param document the encoded document, BOM included if any
     * @param expectedRoot the required local name of the root element, e.g. {@code Report}
     * @return the root element
     * @throws MalformedDocumentException with the reason: {@code document is empty},
     *     {@code document exceeds N bytes}, {@code document is not valid UTF-8 at byte N},
     *     {@code encoding 'X' not supported (UTF-8 or UTF-16 only)}, {@code DOCTYPE not allowed},
     *     {@code entity reference &x; not allowed}, {@code elements nested deeper than N},
     *     {@code document has more than N elements}, {@code root element is 'X', expected 'Y'},
     *     or {@code malformed XML at line L, column C: <parser message>}
     */
    public static XmlElement parse(byte[] document, XmlLimits limits, String expectedRoot) {
        TreeBuilder tree = new TreeBuilder();
        read(document, limits, expectedRoot, tree);
        return tree.root;
    }

    /**
     * Reads {@code document} into {@code handler} in one streaming pass, applying {@code limits} and the defences
     * above exactly as {@link #parse} does. The handler sees the whole document before any reason to refuse it is
     * known (a malformed end still throws after the handler saw the elements before it), so it should only collect,
     * and check what it collected once this returns.
     *
     * @param document the encoded document, BOM included if any
     * @param expectedRoot the required local name of the root element, e.g. {@code Report}
     * @param handler receives the elements and their text
     * @throws MalformedDocumentException with the reasons listed at {@link #parse}, or whatever {@code handler} throws
     */
    public static void read(byte[] document, XmlLimits limits, String expectedRoot, ContentHandler handler) {
        if (document.length == 0) {
            throw new MalformedDocumentException("document is empty");
        }
        if (document.length > limits.maxBytes()) {
            throw tooLarge(limits.maxBytes());
        }
        String text = decode(document);
        XMLStreamReader reader = null;
        try {
            reader = FACTORIES.get().createXMLStreamReader(new StringReader(text));
            stream(reader, limits, expectedRoot, handler);
        } catch (XMLStreamException e) {
            throw new MalformedDocumentException(describe(e), e);
        } finally {
            close(reader);
        }
    }

    private static void stream(XMLStreamReader reader, XmlLimits limits, String expectedRoot, ContentHandler handler)
            throws XMLStreamException {
        ReaderAttributes attributes = new ReaderAttributes(reader);
        int depth = 0;
        int elements = 0;
        boolean rootSeen = false;
        while (reader.hasNext()) {
            switch (reader.next()) {
                case XMLStreamConstants.DTD -> throw new MalformedDocumentException("DOCTYPE not allowed");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new MalformedDocumentException(
                        "entity reference &" + InvalidValueException.excerpt(reader.getLocalName()) + "; not allowed");
                case XMLStreamConstants.START_ELEMENT -> {
                    if (++elements > limits.maxElements()) {
                        throw new MalformedDocumentException("document has more than " + limits.maxElements() + " elements");
                    }
                    if (depth >= limits.maxDepth()) {
                        throw new MalformedDocumentException("elements nested deeper than " + limits.maxDepth());
                    }
                    String name = reader.getLocalName();
                    if (depth == 0 && !name.equals(expectedRoot)) {
                        throw new MalformedDocumentException("root element is '" + InvalidValueException.excerpt(name)
                                + "', expected '" + expectedRoot + "'");
                    }
                    depth++;
                    rootSeen = true;
                    handler.startElement(name, attributes);
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (depth > 0) {
                        handler.characters(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    depth--;
                    handler.endElement();
                }
                default -> {
                    // Comments, processing instructions, document start and end carry no data.
                }
            }
        }
        if (!rootSeen) {
            // The JDK parser reports a missing root itself; this guards other edge cases.
            throw new MalformedDocumentException("document has no root element");
        }
    }

    /** Detects the encoding (see the class documentation) and decodes strictly. */
    private static String decode(byte[] document) {
        Charset charset = StandardCharsets.UTF_8;
        int start = 0;
        if (startsWith(document, 0xEF, 0xBB, 0xBF)) {
            start = 3;
        } else if (startsWith(document, 0xFF, 0xFE)) {
            charset = StandardCharsets.UTF_16LE;
            start = 2;
        } else if (startsWith(document, 0xFE, 0xFF)) {
            charset = StandardCharsets.UTF_16BE;
            start = 2;
        } else if (startsWith(document, '<', 0, '?', 0)) {
            charset = StandardCharsets.UTF_16LE;
        } else if (startsWith(document, 0, '<', 0, '?')) {
            charset = StandardCharsets.UTF_16BE;
        }
        String text = charset == StandardCharsets.UTF_8 && isAscii(document, start)
                // ASCII is valid UTF-8 and decodes to itself: the common case, without a decoder and a char buffer.
                ? new String(document, start, document.length - start, StandardCharsets.ISO_8859_1)
                : decodeStrictly(document, start, charset);
        Matcher declared = DECLARED_ENCODING.matcher(text);
        if (declared.lookingAt() && !SUPPORTED_ENCODINGS.contains(declared.group(1).toUpperCase(Locale.ROOT))) {
            throw new MalformedDocumentException("encoding '" + InvalidValueException.excerpt(declared.group(1))
                    + "' not supported (UTF-8 or UTF-16 only)");
        }
        return text;
    }

    private static boolean isAscii(byte[] document, int start) {
        for (int i = start; i < document.length; i++) {
            if (document[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static String decodeStrictly(byte[] document, int start, Charset charset) {
        ByteBuffer in = ByteBuffer.wrap(document, start, document.length - start);
        CharBuffer out = CharBuffer.allocate(document.length);
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            String name = charset == StandardCharsets.UTF_8 ? "UTF-8" : "UTF-16";
            throw new MalformedDocumentException("document is not valid " + name + " at byte " + in.position());
        }
        return out.flip().toString();
    }

    private static boolean startsWith(byte[] document, int... prefix) {
        if (document.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((document[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static MalformedDocumentException tooLarge(long maxBytes) {
        return new MalformedDocumentException("document exceeds " + maxBytes + " bytes");
    }

    /** The parser's own reason without its "ParseError at [row,col]" prefix, plus the position. */
    private static String describe(XMLStreamException e) {
        String message = String.valueOf(e.getMessage());
        int start = message.indexOf("Message: ");
        String reason = start >= 0 ? message.substring(start + "Message: ".length()) : message;
        reason = reason.strip().replaceAll("\\s+", " ");
        if (reason.length() > MAX_REASON) {
            // Parser messages quote names from the input; keep a hostile one from flooding logs.
            reason = reason.substring(0, MAX_REASON) + "...";
        }
        Location location = e.getLocation();
        return location == null
                ? "malformed XML: " + reason
                : "malformed XML at line " + location.getLineNumber() + ", column " + location.getColumnNumber() + ": " + reason;
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException e) {
                // Nothing to release beyond the in-memory input; the parse outcome stands.
            }
        }
    }

    /** The attributes of the reader's current START_ELEMENT. */
    private static final class ReaderAttributes implements Attributes {
        private final XMLStreamReader reader;

        ReaderAttributes(XMLStreamReader reader) {
            this.reader = reader;
        }

        @Override
        public int count() {
            return reader.getAttributeCount();
        }

        @Override
        public String localName(int index) {
            return reader.getAttributeLocalName(index);
        }

        @Override
        public String value(int index) {
            return reader.getAttributeValue(index);
        }
    }

    /** Builds the {@link XmlElement} tree of {@link #parse}. */
    private static final class TreeBuilder implements ContentHandler {
        private final Deque<Builder> open = new ArrayDeque<>();
        XmlElement root;

        @Override
        public void startElement(String name, Attributes attributes) {
            Builder element = new Builder(name);
            for (int i = 0; i < attributes.count(); i++) {
                element.attributes.put(attributes.localName(i), attributes.value(i));
            }
            open.push(element);
        }

        @Override
        public void characters(char[] text, int start, int length) {
            open.peek().text.append(text, start, length);
        }

        @Override
        public void endElement() {
            XmlElement element = open.pop().build();
            if (open.isEmpty()) {
                root = element;
            } else {
                open.peek().children.add(element);
            }
        }
    }

    private static final class Builder {
        final String name;
        final Map<String, String> attributes = new LinkedHashMap<>();
        final List<XmlElement> children = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        Builder(String name) {
            this.name = name;
        }

        XmlElement build() {
            return new XmlElement(name, attributes, children, text.toString());
        }
    }
}

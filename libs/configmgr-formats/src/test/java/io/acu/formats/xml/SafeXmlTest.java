package io.acu.formats.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafeXmlTest {

    private static final XmlLimits LIMITS = XmlLimits.DEFAULT;

    @Test
    void readsATree() {
        XmlElement root = parse("<?xml version=\"1.0\"?><!-- c --><r a=\"1\" b=\"x&amp;y\"><c>t&lt;1</c><c><![CDATA[<raw>]]></c>"
                + "<?pi data?><d/></r>", "r");
        assertThat(root.name()).isEqualTo("r");
        assertThat(root.attributes()).containsExactly(java.util.Map.entry("a", "1"), java.util.Map.entry("b", "x&y"));
        assertThat(root.children("c")).extracting(XmlElement::text).containsExactly("t<1", "<raw>");
        assertThat(root.child("d")).get().extracting(XmlElement::text).isEqualTo("");
        assertThat(root.child("e")).isEmpty();
        assertThat(root.attribute("z")).isEmpty();
        assertThat(parse("<r>&#65;&#x42;</r>", "r").text()).isEqualTo("AB");
    }

    @Test
    void streamsElementsAttributesAndTextToAHandler() {
        List<String> events = new ArrayList<>();
        SafeXml.read(bytes("<?xml version=\"1.0\"?><!-- c --><r a=\"1\" b=\"x&amp;y\">t<c>&lt;1<![CDATA[<raw>]]></c><?pi data?><d/>u</r>"),
                LIMITS, "r", new SafeXml.ContentHandler() {
                    @Override
                    public void startElement(String name, SafeXml.Attributes attributes) {
                        StringBuilder event = new StringBuilder("start " + name);
                        for (int i = 0; i < attributes.count(); i++) {
                            event.append(' ').append(attributes.localName(i)).append('=').append(attributes.value(i));
                        }
                        events.add(event.toString());
                    }

                    @Override
                    public void characters(char[] text, int start, int length) {
                        // One text may come in pieces (the JDK parser splits at entity references and CDATA): join them.
                        int last = events.size() - 1;
                        if (last >= 0 && events.get(last).startsWith("text ")) {
                            events.set(last, events.get(last) + new String(text, start, length));
                        } else {
                            events.add("text " + new String(text, start, length));
                        }
                    }

                    @Override
                    public void endElement() {
                        events.add("end");
                    }
                });
        assertThat(String.join("|", events)).isEqualTo("start r a=1 b=x&y|text t|start c|text <1<raw>|end|start d|end|text u|end");
    }

    @Test
    void streamingKeepsTheDefences() {
        SafeXml.ContentHandler ignore = new SafeXml.ContentHandler() {
            @Override
            public void startElement(String name, SafeXml.Attributes attributes) {
            }

            @Override
            public void characters(char[] text, int start, int length) {
            }

            @Override
            public void endElement() {
            }
        };
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
        assertThatThrownBy(() -> SafeXml.read(bytes(xxe), LIMITS, "r", ignore)).hasMessage("DOCTYPE not allowed");
        assertThatThrownBy(() -> SafeXml.read(bytes("<r>&x;</r>"), LIMITS, "r", ignore)).hasMessage("entity reference &x; not allowed");
        assertThatThrownBy(() -> SafeXml.read(bytes("<r>12345</r>"), LIMITS.withMaxBytes(11), "r", ignore))
                .hasMessage("document exceeds 11 bytes");
        assertThatThrownBy(() -> SafeXml.read(bytes("<r><c/><c/></r>"), LIMITS.withMaxElements(2), "r", ignore))
                .hasMessage("document has more than 2 elements");
        assertThatThrownBy(() -> SafeXml.read(bytes("<r><c/></r>"), LIMITS.withMaxDepth(1), "r", ignore))
                .hasMessage("elements nested deeper than 1");
        assertThatThrownBy(() -> SafeXml.read(bytes("<s/>"), LIMITS, "r", ignore)).hasMessage("root element is 's', expected 'r'");
        assertThatThrownBy(() -> SafeXml.read(bytes("<r>"), LIMITS, "r", ignore)).hasMessageStartingWith("malformed XML at line 1");
    }

    @Test
    void refusesExternalEntities() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
        assertThatThrownBy(() -> parse(xxe, "r"))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessage("DOCTYPE not allowed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("root:"));
    }

    @Test
    void aReusedReaderKeepsItsDefencesAndForgetsTheLastDocument() {
        // parse reuses one reader per thread: a refused document must not leave state behind, nor a good one
        // loosen the settings for the next.
        assertThatThrownBy(() -> parse("<r><unclosed></r>", "r")).isInstanceOf(MalformedDocumentException.class);
        assertThat(parse("<r a=\"2\"><c>one</c></r>", "r").children()).extracting(XmlElement::text).containsExactly("one");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
        assertThatThrownBy(() -> parse(xxe, "r")).hasMessage("DOCTYPE not allowed");
        assertThat(parse("<s><c>two</c><c>three</c></s>", "s").children()).extracting(XmlElement::text).containsExactly("two", "three");
    }

    @Test
    void refusesParameterEntitiesAndExternalDtds() {
        assertThatThrownBy(() -> parse("<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/x.dtd\"> %p;]><r/>", "r"))
                .hasMessage("DOCTYPE not allowed");
        assertThatThrownBy(() -> parse("<!DOCTYPE r SYSTEM \"http://127.0.0.1:9/x.dtd\"><r/>", "r"))
                .hasMessage("DOCTYPE not allowed");
        assertThatThrownBy(() -> parse("<!DOCTYPE r><r/>", "r")).hasMessage("DOCTYPE not allowed");
    }

    @Test
    void refusesBillionLaughs() {
        StringBuilder doc = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        doc.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">");
        for (int i = 2; i <= 9; i++) {
            doc.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        doc.append("]><lolz>&lol9;</lolz>");
        assertThatThrownBy(() -> parse(doc.toString(), "lolz")).hasMessage("DOCTYPE not allowed");
    }

    @Test
    void refusesUndeclaredEntityReferences() {
        assertThatThrownBy(() -> parse("<r>&x;</r>", "r"))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessage("entity reference &x; not allowed");
    }

    @Test
    void refusesOversizedDocumentsBeforeParsing() {
        // Not even XML: the size check must come first.
        byte[] big = new byte[(int) XmlLimits.DEFAULT_MAX_BYTES + 1];
        assertThatThrownBy(() -> SafeXml.parse(big, LIMITS, "r"))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessage("document exceeds 4194304 bytes");
        assertThatThrownBy(() -> SafeXml.parse(bytes("<r>12345</r>"), LIMITS.withMaxBytes(11), "r"))
                .hasMessage("document exceeds 11 bytes");
        assertThat(SafeXml.parse(bytes("<r>12345</r>"), LIMITS.withMaxBytes(12), "r").text()).isEqualTo("12345");
    }

    @Test
    void readBoundedStopsAtTheLimit() throws Exception {
        byte[] body = bytes("<r>12345</r>");
        assertThat(SafeXml.readBounded(new ByteArrayInputStream(body), 12)).isEqualTo(body);
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[1000]);
        assertThatThrownBy(() -> SafeXml.readBounded(in, 11))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessage("document exceeds 11 bytes");
        assertThat(in.available()).isEqualTo(1000 - 12); // read no further than limit + 1
    }

    @Test
    void boundsDepthAndElementCount() {
        String deep = "<r>".repeat(5) + "</r>".repeat(5);
        assertThat(SafeXml.parse(bytes(deep), LIMITS.withMaxDepth(5), "r").name()).isEqualTo("r");
        assertThatThrownBy(() -> SafeXml.parse(bytes(deep), LIMITS.withMaxDepth(4), "r"))
                .hasMessage("elements nested deeper than 4");

        String wide = "<r>" + "<c/>".repeat(9) + "</r>";
        assertThat(SafeXml.parse(bytes(wide), LIMITS.withMaxElements(10), "r").children()).hasSize(9);
        assertThatThrownBy(() -> SafeXml.parse(bytes(wide), LIMITS.withMaxElements(9), "r"))
                .hasMessage("document has more than 9 elements");
    }

    @Test
    void reportsMalformedXmlWithPosition() {
        assertThatThrownBy(() -> parse("<r>\n  <a></r>", "r"))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageStartingWith("malformed XML at line 2, column ")
                .hasMessageContaining("must be terminated by the matching end-tag");
        assertThatThrownBy(() -> parse("not xml", "r")).hasMessageStartingWith("malformed XML at line 1");
        assertThatThrownBy(() -> parse("<r>", "r")).hasMessageStartingWith("malformed XML");
        assertThatThrownBy(() -> parse("<r a='1' a='2'/>", "r")).hasMessageStartingWith("malformed XML");
    }

    @Test
    void refusesEmptyDocumentsAndWrongRoots() {
        assertThatThrownBy(() -> SafeXml.parse(new byte[0], LIMITS, "r")).hasMessage("document is empty");
        assertThatThrownBy(() -> parse("<Report/>", "CcmSetup")).hasMessage("root element is 'Report', expected 'CcmSetup'");
        assertThatThrownBy(() -> parse("<" + "x".repeat(500) + "/>", "r"))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(120));
    }

    @Test
    void readsUtf16WithBom() {
        byte[] body = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><r>Größe €</r>".getBytes(StandardCharsets.UTF_16LE);
        byte[] doc = new byte[body.length + 2];
        doc[0] = (byte) 0xFF;
        doc[1] = (byte) 0xFE;
        System.arraycopy(body, 0, doc, 2, body.length);
        assertThat(SafeXml.parse(doc, LIMITS, "r").text()).isEqualTo("Größe €");
        assertThat(SafeXml.parse("<?xml version=\"1.0\" encoding=\"UTF-16\"?><r>x</r>".getBytes(StandardCharsets.UTF_16), LIMITS, "r")
                .text()).isEqualTo("x");
    }

    @Test
    void decodesStrictlyAndOnlyUtf8OrUtf16() {
        assertThatThrownBy(() -> SafeXml.parse(new byte[] {'<', 'r', '>', (byte) 0xC3, '<', '/', 'r', '>'}, LIMITS, "r"))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessage("document is not valid UTF-8 at byte 3");
        byte[] loneSurrogate = {(byte) 0xFF, (byte) 0xFE, '<', 0, 'r', 0, '>', 0, 0x00, (byte) 0xD8, '<', 0, '/', 0, 'r', 0, '>', 0};
        assertThatThrownBy(() -> SafeXml.parse(loneSurrogate, LIMITS, "r"))
                .hasMessage("document is not valid UTF-16 at byte 8");
        assertThatThrownBy(() -> parse("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r/>", "r"))
                .hasMessage("encoding 'ISO-8859-1' not supported (UTF-8 or UTF-16 only)");
        assertThat(parse("<?xml version='1.0' encoding='utf-8'?><r>ü</r>", "r").text()).isEqualTo("ü");

        byte[] utf8Bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '<', 'r', '>', 'x', '<', '/', 'r', '>'};
        assertThat(SafeXml.parse(utf8Bom, LIMITS, "r").text()).isEqualTo("x");
        byte[] utf16BeNoBom = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><r>x</r>".getBytes(StandardCharsets.UTF_16BE);
        assertThat(SafeXml.parse(utf16BeNoBom, LIMITS, "r").text()).isEqualTo("x");
    }

    @Test
    void requireHelpersNameWhatIsMissing() {
        XmlElement item = parse("<Item FileName=\"a\"><Discovery/></Item>", "Item");
        assertThat(item.requireAttribute("FileName", "Item 2")).isEqualTo("a");
        assertThatThrownBy(() -> item.requireAttribute("FileHash", "Item 2"))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessage("missing attribute FileHash on Item 2");
        assertThatThrownBy(() -> item.requireChild("Installation", "Item 2"))
                .hasMessage("missing element Installation in Item 2");
        assertThat(item.requireChildText("Discovery", "Item 2")).isEmpty();
    }

    @Test
    void valuesNameTheirField() {
        assertThat(XmlValues.integer(" 17 ", "Order", "Item 2")).isEqualTo(17);
        assertThatThrownBy(() -> XmlValues.integer("x", "Order", "Item 2"))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessage("Item 2: Order 'x' is not a number: expected a decimal integer");
        assertThat(XmlValues.nonNegativeLong("1187", "SerialNumber", "StateMessage 1")).isEqualTo(1187L);
        assertThatThrownBy(() -> XmlValues.nonNegativeLong("-1", "SerialNumber", "StateMessage 1"))
                .hasMessage("StateMessage 1: SerialNumber '-1' is not a number: expected a non-negative decimal integer");
        assertThat(List.of("true", "TRUE", "1")).allSatisfy(t -> assertThat(XmlValues.bool(t, "f", "w")).isTrue());
        assertThat(List.of("false", "False", "0")).allSatisfy(t -> assertThat(XmlValues.bool(t, "f", "w")).isFalse());
        assertThatThrownBy(() -> XmlValues.bool("yes", "KeepAfterExit", "Item 1"))
                .hasMessage("Item 1: KeepAfterExit 'yes' is not a boolean: expected true, false, 1 or 0");
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new XmlLimits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LIMITS.withMaxDepth(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LIMITS.withMaxElements(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static XmlElement parse(String xml, String root) {
        return SafeXml.parse(bytes(xml), LIMITS, root);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package io.acu.formats.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XmlWriterTest {

    @Test
    void indentsChildrenAndKeepsTextInline() {
        String xml = new XmlWriter("  ").declaration("utf-8")
                .start("a").attribute("x", "1")
                .start("b").attribute("y", "2").end()
                .start("c").text("t").end()
                .start("d").start("e").end().end()
                .end().finish();
        assertThat(xml).isEqualTo("""
                <?xml version="1.0" encoding="utf-8"?>
                <a x="1">
                  <b y="2"/>
                  <c>t</c>
                  <d>
                    <e/>
                  </d>
                </a>
                """);
    }

    @Test
    void compactWithoutIndent() {
        String xml = new XmlWriter("").start("a").element("b", "").element("c", "1").end().finish();
        assertThat(xml).isEqualTo("<a><b></b><c>1</c></a>\n");
    }

    @Test
    void escapesSoValuesSurviveAReadBack() {
        String attribute = "a\"b<c>d&e\tf\ng\rh'i";
        String text = "x<y>z&w\"\r\n\ttab ü 😀";
        String xml = new XmlWriter("").start("r").attribute("v", attribute).text(text).end().finish();
        assertThat(xml).contains("v=\"a&quot;b&lt;c&gt;d&amp;e&#9;f&#10;g&#13;h'i\"");
        XmlElement read = SafeXml.parse(xml.getBytes(StandardCharsets.UTF_8), XmlLimits.DEFAULT, "r");
        assertThat(read.attribute("v")).contains(attribute);
        assertThat(read.text()).isEqualTo(text);
    }

    @Test
    void refusesCharactersXmlCannotCarry() {
        assertThatThrownBy(() -> new XmlWriter("").start("r").text("a\u0000b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("character U+0000 at index 1 cannot be written in XML 1.0");
        assertThatThrownBy(() -> new XmlWriter("").start("r").attribute("v", "\uD800"))
                .hasMessage("character U+D800 at index 0 cannot be written in XML 1.0");
        assertThatThrownBy(() -> new XmlWriter("").start("r").text("\uFFFE")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMisuse() {
        assertThatThrownBy(() -> new XmlWriter("").start("r").text("t").attribute("a", "b"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new XmlWriter("").start("r").finish()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new XmlWriter("").finish()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new XmlWriter("").end()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new XmlWriter("").start("r").end().start("s")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new XmlWriter("").start("r").end().declaration("utf-8"))
                .isInstanceOf(IllegalStateException.class);
    }
}

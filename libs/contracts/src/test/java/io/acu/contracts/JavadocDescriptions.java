package io.acu.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Javadoc of the contract types from src/main/java so the JSON Schemas carry the same descriptions as
 * the records: a type's main text and its {@code @param} text per record component. One source of truth.
 */
final class JavadocDescriptions {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Map<Class<?>, Doc> CACHE = new ConcurrentHashMap<>();
    /** {@code {@link Type#member(args) label}}: group 1 the reference, group 2 the optional label. */
    private static final Pattern LINK =
            Pattern.compile("\\{@link(?:plain)? ([\\w.]*(?:#\\w+)?(?:\\([^)]*\\))?)(?: ([^}]+))?}");

    private record Doc(String main, Map<String, String> params) {
    }

    private JavadocDescriptions() {
    }

    /** @return the type's description, or null for a type outside this module */
    static String type(Class<?> type) {
        Doc doc = doc(type);
        return doc == null ? null : doc.main();
    }

    /** @return the {@code @param} text of a record component, or null */
    static String component(Class<?> record, String name) {
        Doc doc = doc(record);
        return doc == null ? null : doc.params().get(name);
    }

    private static Doc doc(Class<?> type) {
        if (!type.getPackageName().equals(JavadocDescriptions.class.getPackageName()) || type.isMemberClass()) {
            return null;
        }
        return CACHE.computeIfAbsent(type, JavadocDescriptions::parse);
    }

    private static Doc parse(Class<?> type) {
        String source;
        try {
            source = Files.readString(SOURCES.resolve(type.getName().replace('.', '/') + ".java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher declaration = Pattern.compile("\\n(public )?(final |sealed )?(record|enum|class|interface) "
                + type.getSimpleName() + "\\b").matcher(source);
        if (!declaration.find()) {
            throw new IllegalStateException("No declaration of " + type.getSimpleName());
        }
        int end = source.lastIndexOf("*/", declaration.start());
        int start = source.lastIndexOf("/**", end);
        String[] lines = source.substring(start + 3, end).split("\n");
        StringBuilder main = new StringBuilder();
        Map<String, String> params = new LinkedHashMap<>();
        String param = null;
        boolean inTags = false;
        for (String raw : lines) {
            String line = raw.replaceFirst("^\\s*\\*\\s?", "").strip();
            if (line.startsWith("@")) {
                inTags = true;
                Matcher p = Pattern.compile("@param (\\w+) (.*)").matcher(line);
                param = p.matches() ? p.group(1) : null;
                if (param != null) {
                    params.put(param, p.group(2));
                }
            } else if (inTags) {
                if (param != null) {
                    params.merge(param, line, (a, b) -> a + " " + b);
                }
            } else {
                main.append(line).append(' ');
            }
        }
        params.replaceAll((name, text) -> clean(text));
        return new Doc(clean(main.toString()), params);
    }

    private static String clean(String text) {
        String linked = LINK.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(2) != null ? m.group(2)
                : m.group(1).replaceFirst("^([a-z]\\w*\\.)+", "").replaceFirst("^#", "").replace('#', '.')));
        return unwrapCode(linked)
                .replaceAll("</?\\w+>", "")
                .replaceAll("\\s+", " ")
                .strip();
    }

    /** {@code {@code text}} becomes text; the text may hold balanced braces. */
    private static String unwrapCode(String text) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int at = text.indexOf("{@code ", from); at >= 0; at = text.indexOf("{@code ", from)) {
            out.append(text, from, at);
            int depth = 1;
            int i = at + "{@code ".length();
            for (; i < text.length() && depth > 0; i++) {
                depth += text.charAt(i) == '{' ? 1 : text.charAt(i) == '}' ? -1 : 0;
            }
            out.append(text, at + "{@code ".length(), i - 1);
            from = i;
        }
        return out.append(text.substring(from)).toString();
    }
}

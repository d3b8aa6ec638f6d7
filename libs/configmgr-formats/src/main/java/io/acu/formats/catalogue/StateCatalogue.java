package io.acu.formats.catalogue;

import io.acu.formats.InvalidValueException;
import io.acu.formats.Version;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Names of ConfigMgr state-message topic types and states, e.g. topic 800 "Client deployment",
 * state 800/400 "Client deployment succeeded", 2001/3 "Managed (EP client installed)", from
 * Microsoft's state message documentation. The names are for display; decisions use the numbers.
 *
 * <p>The data lives in {@code topics.tsv} and {@code states.tsv} beside this class
 * (tab-separated; {@code #} comments; a state may be a range such as {@code 601-609}, each ID of
 * which gets the name). {@link #standard()} loads them once. Immutable and thread-safe.
 */
public final class StateCatalogue {

    /** Topic type 800: client deployment, reported by ccmsetup to the fallback status point. */
    public static final int TOPIC_CLIENT_DEPLOYMENT = 800;
    /** Topic type 2001: Endpoint Protection client deployment. */
    public static final int TOPIC_EP_CLIENT_DEPLOYMENT = 2001;
    /** Topic type 2002: Endpoint Protection policy application. */
    public static final int TOPIC_EP_POLICY_APPLICATION = 2002;

    private final Map<Integer, String> topics;
    private final Map<Integer, Map<Integer, String>> states;

    private StateCatalogue(Map<Integer, String> topics, Map<Integer, Map<Integer, String>> states) {
        this.topics = topics;
        this.states = states;
    }

    /** The catalogue shipped with acu, loaded on first use. */
    public static StateCatalogue standard() {
        return Standard.INSTANCE;
    }

    /** The topic type's name, e.g. {@code Client deployment} for 800; empty if unknown. */
    public Optional<String> topicName(int topicType) {
        return Optional.ofNullable(topics.get(topicType));
    }

    /** Whether the catalogue names {@code topicType}. */
    public boolean isKnownTopic(int topicType) {
        return topics.containsKey(topicType);
    }

    /** The state's name, e.g. {@code Client deployment succeeded} for (800, 400); empty if unknown. */
    public Optional<String> stateName(int topicType, int stateId) {
        return Optional.ofNullable(states.getOrDefault(topicType, Map.of()).get(stateId));
    }

    /**
     * The component version a message reports: the first user parameter of client deployment (800: the client
     * version ccmsetup installed, e.g. {@code 5.0.7804.1000}) and Endpoint Protection deployment (2001: the agent
     * version, e.g. {@code 4.3.215.0}) messages, when it is a version.
     *
     * @param topicType the message's topic type
     * @param userParameters the message's user parameters in order
     * @return the version as parsed (its text kept), or null for other topic types, no parameters or a first
     *     parameter that is not a version
     */
    public static Version reportedVersion(int topicType, List<String> userParameters) {
        if (userParameters.isEmpty() || (topicType != TOPIC_CLIENT_DEPLOYMENT && topicType != TOPIC_EP_CLIENT_DEPLOYMENT)) {
            return null;
        }
        try {
            return Version.parse(userParameters.get(0).strip());
        } catch (InvalidValueException e) {
            return null;
        }
    }

    /** The known topic types, ascending. */
    public List<Integer> topicTypes() {
        return List.copyOf(topics.keySet());
    }

    /** The named states of {@code topicType}, state ID to name, ascending by ID; empty if unknown. */
    public Map<Integer, String> states(int topicType) {
        return states.getOrDefault(topicType, Map.of());
    }

    /** Holder idiom: the resources are read once, when first needed, without locking. */
    private static final class Standard {
        static final StateCatalogue INSTANCE = load();

        private static StateCatalogue load() {
            Map<Integer, String> topics = new TreeMap<>();
            for (String[] row : rows("topics.tsv", 2)) {
                put(topics, number(row[0], row), row[1], "topics.tsv");
            }
            Map<Integer, Map<Integer, String>> states = new TreeMap<>();
            for (String[] row : rows("states.tsv", 3)) {
                int topic = number(row[0], row);
                if (!topics.containsKey(topic)) {
                    throw new IllegalStateException("states.tsv names states of unknown topic " + topic);
                }
                Map<Integer, String> topicStates = states.computeIfAbsent(topic, t -> new TreeMap<>());
                String[] range = row[1].split("-", 2);
                int first = number(range[0], row);
                int last = range.length == 2 ? number(range[1], row) : first;
                for (int id = first; id <= last; id++) {
                    put(topicStates, id, row[2], "states.tsv");
                }
            }
            states.replaceAll((topic, names) -> Collections.unmodifiableMap(names));
            return new StateCatalogue(Collections.unmodifiableMap(topics), Collections.unmodifiableMap(states));
        }

        // The resources ship inside this jar, so any problem with them is a build defect: fail loudly.
        private static List<String[]> rows(String resource, int columns) {
            InputStream in = StateCatalogue.class.getResourceAsStream(resource);
            Objects.requireNonNull(in, () -> "missing resource " + resource);
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return reader.lines()
                        .filter(line -> !line.isBlank() && !line.startsWith("#"))
                        .map(line -> {
                            String[] row = line.split("\t");
                            if (row.length != columns) {
                                throw new IllegalStateException(resource + ": expected " + columns + " columns in '" + line + "'");
                            }
                            return row;
                        })
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }

        private static int number(String text, String[] row) {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalStateException("not a number '" + text + "' in " + String.join("\t", row), e);
            }
        }

        private static void put(Map<Integer, String> map, int key, String name, String resource) {
            if (map.put(key, name.strip()) != null) {
                throw new IllegalStateException(resource + ": duplicate entry " + key);
            }
        }
    }
}

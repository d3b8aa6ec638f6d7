package io.acu.deploy.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One service's {@code src/main/resources/application.properties}, read the way Quarkus reads it for the prod
 * profile: plain keys and {@code %prod.} keys (which win); other profiles ignored; {@code ${key}} and
 * {@code ${key:default}} expanded. What the manifests must match is derived from here, so they stay in step with
 * the services as the services grow.
 *
 * @param name the service folder's name, e.g. {@code fsp}
 * @param properties the effective prod-profile properties
 */
record ServiceConfig(String name, Map<String, String> properties) {

    /** Quarkus' default HTTP port when {@code quarkus.http.port} is not set. */
    static final int QUARKUS_DEFAULT_HTTP_PORT = 8080;

    private static final String KAFKA_CONNECTOR = "smallrye-kafka";
    private static final Pattern CHANNEL_KEY = Pattern.compile("^mp\\.messaging\\.(incoming|outgoing)\\.(\"[^\"]+\"|[^.]+)\\..+$");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

    private static final String OWN_FILE = "src/main/resources/application.properties";

    /**
     * Every service under services/, sorted by name: its own application.properties. Folders without one are not
     * services (yet).
     */
    static List<ServiceConfig> all() {
        try (Stream<Path> dirs = Files.list(Project.ROOT.resolve("services"))) {
            return dirs.filter(Files::isDirectory)
                    .sorted()
                    .map(ServiceConfig::configFile)
                    .flatMap(Optional::stream)
                    .map(f -> load(serviceName(f), f))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The service folder's own application.properties, if it has one. */
    static Optional<Path> configFile(Path serviceDir) {
        Path own = serviceDir.resolve(OWN_FILE);
        return Files.isRegularFile(own) ? Optional.of(own) : Optional.empty();
    }

    private static String serviceName(Path configFile) {
        return Project.ROOT.resolve("services").relativize(configFile).getName(0).toString();
    }

    /** The service of that folder name; fails if there is none. */
    static ServiceConfig named(String name) {
        return all().stream().filter(s -> s.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no service " + name + " under services/"));
    }

    static ServiceConfig load(String name, Path file) {
        Properties raw = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            raw.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(name, raw);
    }

    /** The prod-profile view of {@code raw}: {@code %prod.x} overrides {@code x}; {@code %dev.}/{@code %test.} dropped. */
    static ServiceConfig of(String name, Properties raw) {
        Map<String, String> effective = new LinkedHashMap<>();
        raw.stringPropertyNames().stream().sorted().filter(k -> !k.startsWith("%"))
                .forEach(k -> effective.put(k, raw.getProperty(k)));
        raw.stringPropertyNames().stream().sorted().filter(k -> k.startsWith("%prod."))
                .forEach(k -> effective.put(k.substring("%prod.".length()), raw.getProperty(k)));
        Map<String, String> expanded = new LinkedHashMap<>();
        effective.forEach((k, v) -> expanded.put(k, expand(v, effective, 0)));
        return new ServiceConfig(name, Map.copyOf(expanded));
    }

    private static String expand(String value, Map<String, String> properties, int depth) {
        if (depth > 10) {
            throw new IllegalArgumentException("property expansion too deep: " + value);
        }
        Matcher m = EXPRESSION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = properties.containsKey(m.group(1))
                    ? expand(properties.get(m.group(1)), properties, depth + 1)
                    : m.group(2) != null ? m.group(2) : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    String get(String key) {
        return properties.get(key);
    }

    /** {@code quarkus.application.name}, else the folder name. */
    String applicationName() {
        return properties.getOrDefault("quarkus.application.name", name);
    }

    /** The port the service listens on: {@code quarkus.http.port}, else Quarkus' 8080. */
    int httpPort() {
        String port = properties.get("quarkus.http.port");
        return port == null ? QUARKUS_DEFAULT_HTTP_PORT : Integer.parseInt(port.trim());
    }

    /** Whether the service talks to Kafka: a bootstrap setting or any Kafka channel. */
    boolean usesKafka() {
        return properties.containsKey("kafka.bootstrap.servers") || !kafkaChannels().isEmpty();
    }

    /** Whether the service has a database: {@code quarkus.datasource.db-kind} (Quarkus' switch for a datasource). */
    boolean usesDatabase() {
        return properties.containsKey("quarkus.datasource.db-kind");
    }

    /**
     * The image Quarkus' container-image support names for this service: {@code group/name:tag} from
     * {@code quarkus.container-image.group|name|tag}, defaulting to acu's agreed group {@code acu}, the application
     * name and the project version (Quarkus' own defaults for name and tag).
     */
    String image() {
        return properties.getOrDefault("quarkus.container-image.group", "acu") + "/"
                + properties.getOrDefault("quarkus.container-image.name", applicationName()) + ":"
                + properties.getOrDefault("quarkus.container-image.tag", Project.VERSION);
    }

    /** Names of the channels on the SmallRye Kafka connector (quotes of dotted names removed). */
    Set<String> kafkaChannels() {
        Set<String> channels = new TreeSet<>();
        for (String key : properties.keySet()) {
            Matcher m = CHANNEL_KEY.matcher(key);
            if (m.matches()) {
                String prefix = "mp.messaging." + m.group(1) + "." + m.group(2);
                String connector = properties.getOrDefault(prefix + ".connector",
                        properties.getOrDefault("mp.messaging." + m.group(1) + ".connector", KAFKA_CONNECTOR));
                if (KAFKA_CONNECTOR.equals(connector)) {
                    channels.add(m.group(1) + ":" + m.group(2));
                }
            }
        }
        return channels;
    }

    /**
     * One topic an incoming Kafka channel reads, with what SmallRye does with a record the consumer refuses.
     *
     * @param channel the channel's name, e.g. {@code manifest-updated}
     * @param topic the topic read, e.g. {@code acu.manifest.updated}
     * @param groupId the consumer group: {@code group.id}, else Quarkus' default, the application name
     * @param failureStrategy {@code failure-strategy}, SmallRye's default {@code fail} when unset
     * @param deadLetterTopic with {@code failure-strategy=dead-letter-queue}, {@code dead-letter-queue.topic}
     *        (SmallRye's default {@code dead-letter-topic-<topic>}); otherwise null
     */
    record IncomingTopic(String channel, String topic, String groupId, String failureStrategy, String deadLetterTopic) {
    }

    /**
     * Every topic the service's incoming Kafka channels read, one entry per channel and topic (a {@code topics}
     * list gives several), sorted by channel. Pattern subscriptions ({@code pattern=true}) name no topic and are
     * skipped.
     */
    List<IncomingTopic> incomingTopics() {
        List<IncomingTopic> incoming = new ArrayList<>();
        for (String channel : kafkaChannels()) {
            if (!channel.startsWith("incoming:")) {
                continue;
            }
            String channelKey = channel.substring("incoming:".length());
            String prefix = "mp.messaging.incoming." + channelKey + ".";
            if (Boolean.parseBoolean(properties.getOrDefault(prefix + "pattern", "false"))) {
                continue;
            }
            String groupId = properties.getOrDefault(prefix + "group.id", applicationName()).trim();
            String strategy = properties.getOrDefault(prefix + "failure-strategy", "fail").trim();
            for (String topic : ownTopics(prefix, channelKey)) {
                String deadLetterTopic = "dead-letter-queue".equals(strategy)
                        ? properties.getOrDefault(prefix + "dead-letter-queue.topic", "dead-letter-topic-" + topic).trim()
                        : null;
                incoming.add(new IncomingTopic(channelKey.replace("\"", ""), topic, groupId, strategy, deadLetterTopic));
            }
        }
        return incoming;
    }

    /** A channel's {@code topics} list, else its {@code topic}, else the channel name (SmallRye's default). */
    private List<String> ownTopics(String prefix, String channelKey) {
        List<String> own = new ArrayList<>();
        if (properties.containsKey(prefix + "topics")) {
            for (String t : properties.get(prefix + "topics").split(",")) {
                own.add(t.trim());
            }
        } else {
            own.add(properties.getOrDefault(prefix + "topic", channelKey.replace("\"", "")).trim());
        }
        return own;
    }

    /**
     * Every Kafka topic the configuration names, as SmallRye Reactive Messaging resolves them: a channel's
     * {@code topic} (default: the channel name) or {@code topics} list, and, with
     * {@code failure-strategy=dead-letter-queue}, its {@code dead-letter-queue.topic} (default:
     * {@code dead-letter-topic-<topic>}). Pattern subscriptions ({@code pattern=true}) name no topic and are skipped.
     */
    Set<String> kafkaTopics() {
        Set<String> topics = new TreeSet<>();
        for (String channel : kafkaChannels()) {
            String direction = channel.substring(0, channel.indexOf(':'));
            String channelKey = channel.substring(channel.indexOf(':') + 1);
            String prefix = "mp.messaging." + direction + "." + channelKey + ".";
            if (Boolean.parseBoolean(properties.getOrDefault(prefix + "pattern", "false"))) {
                continue;
            }
            List<String> own = ownTopics(prefix, channelKey);
            topics.addAll(own);
            if ("dead-letter-queue".equals(properties.get(prefix + "failure-strategy"))) {
                String dlq = properties.get(prefix + "dead-letter-queue.topic");
                if (dlq != null) {
                    topics.add(dlq.trim());
                } else {
                    own.forEach(t -> topics.add("dead-letter-topic-" + t));
                }
            }
        }
        return topics;
    }
}

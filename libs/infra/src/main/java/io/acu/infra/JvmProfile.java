package io.acu.infra;

import java.util.List;
import java.util.Locale;

/**
 * How the JVMs of a local stack (the Kafka broker and the services, {@link KafkaBroker}, {@link ServiceProcess}) run.
 * Chosen by the system property {@value #PROPERTY} or the environment variable {@value #ENVIRONMENT}
 * ({@code quick-start} or {@code production}); tests and the demo start quickly, {@code ./acu load} and the
 * benchmarks run what a production pod runs.
 */
public enum JvmProfile {

    /**
     * Fast start on a small machine: the C1 compiler only and the serial collector. Steady-state code is several times
     * slower than with C2, which does not matter for tests that run a few hundred requests.
     */
    QUICK_START,

    /**
     * What a pod of deploy/k8s runs: the JDK's defaults for a server-class machine, tiered compilation up to C2 and G1
     * (stated in the Deployments' {@code JAVA_TOOL_OPTIONS}), with the same heap cap as {@link #QUICK_START}.
     */
    PRODUCTION;

    /** System property that selects the profile. */
    public static final String PROPERTY = "acu.jvm";
    /** Environment variable that selects the profile when the property is not set. */
    public static final String ENVIRONMENT = "ACU_JVM";

    /**
     * @return the profile named by {@value #PROPERTY} or {@value #ENVIRONMENT}; {@link #QUICK_START} when neither is
     *     set
     * @throws IllegalArgumentException for another name
     */
    public static JvmProfile current() {
        String name = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT));
        return name == null || name.isBlank() ? QUICK_START : of(name);
    }

    /**
     * @param name {@code quick-start} or {@code production}, any case
     * @return the profile
     * @throws IllegalArgumentException for another name
     */
    public static JvmProfile of(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "quick-start" -> QUICK_START;
            case "production" -> PRODUCTION;
            default -> throw new IllegalArgumentException("unknown JVM profile '" + name + "': quick-start or production");
        };
    }

    /** @return this profile's name as {@link #of} reads it */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param maxHeap the heap cap, e.g. {@code 384m}
     * @return the JVM options of this profile
     */
    public List<String> options(String maxHeap) {
        return switch (this) {
            case QUICK_START -> List.of("-Xmx" + maxHeap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
            case PRODUCTION -> List.of("-Xmx" + maxHeap, "-XX:+UseG1GC");
        };
    }
}

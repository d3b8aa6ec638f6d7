package io.acu.launcher.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of the processes of a local stack, grouped by role, read from Linux's {@code /proc/<pid>/stat} (proc(5):
 * {@code utime} + {@code stime}, plus {@code cutime} + {@code cstime} for PostgreSQL, whose backends are its children).
 * Two snapshots give where the CPU went between them, e.g. over a load run's reporting phase; the roles are the
 * services by PID, the Kafka broker (a JVM running {@code kafka.Kafka}), PostgreSQL (every {@code postgres} process)
 * and this JVM (the load generator).
 */
public final class ProcessCpu {

    /** Clock ticks per second of {@code /proc} times; 100 on every Linux this runs on (USER_HZ). */
    private static final double TICKS_PER_SECOND = 100.0;

    /** The role of this JVM, which runs the simulated fleet. */
    public static final String LOAD_GENERATOR = "load generator (this JVM)";

    private ProcessCpu() {
    }

    /**
     * @param services the services' PIDs by name, in print order
     * @return CPU seconds used so far by role: each service, {@code kafka broker}, {@code postgresql} and
     *     {@link #LOAD_GENERATOR}; empty on a system without {@code /proc}
     */
    public static Map<String, Double> snapshot(Map<String, Long> services) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return seconds;
        }
        services.forEach((name, pid) -> seconds.put(name, cpuSeconds(pid, false)));
        double broker = 0;
        double postgres = 0;
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                String command = read(entry.resolve("cmdline")).replace('\0', ' ');
                if (command.contains(" kafka.Kafka ")) {
                    broker += cpuSeconds(pid, false);
                } else if (read(entry.resolve("comm")).strip().equals("postgres")) {
                    postgres += cpuSeconds(pid, true);
                }
            }
        } catch (IOException e) {
            return seconds;
        }
        seconds.put("kafka broker", broker);
        seconds.put("postgresql", postgres);
        seconds.put(LOAD_GENERATOR, cpuSeconds(ProcessHandle.current().pid(), false));
        return seconds;
    }

    /**
     * @param before an earlier {@link #snapshot}
     * @param after a later one
     * @return CPU seconds by role between them
     */
    public static Map<String, Double> between(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> used = new LinkedHashMap<>();
        after.forEach((role, seconds) -> used.put(role, Math.max(0, seconds - before.getOrDefault(role, 0.0))));
        return used;
    }

    /** utime + stime (+ cutime + cstime) of a process in seconds; 0 when it is gone. */
    static double cpuSeconds(long pid, boolean withChildren) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.isEmpty() ? 0 : parseCpuSeconds(stat, withChildren);
    }

    /**
     * @param stat the text of a {@code /proc/<pid>/stat} file
     * @param withChildren whether the times of waited-for children count too
     * @return the CPU seconds it gives
     */
    static double parseCpuSeconds(String stat, boolean withChildren) {
        // The command (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        if (withChildren) {
            ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        }
        return ticks / TICKS_PER_SECOND;
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

package io.acu.stateingest.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a benchmark's CPU time went, read from Linux's {@code /proc} (utime + stime of every thread, in clock ticks of
 * 1/100 s): this JVM by thread kind, the Kafka broker it started (a child process running {@code kafka.Kafka}), and
 * the PostgreSQL server on a port (the postmaster with {@code -p <port>} and its backends). On two cores, where all of
 * them share the machine, the sum per message is what bounds the end-to-end rate. Elsewhere (no {@code /proc})
 * {@link #take} returns an empty snapshot and the benchmark prints no breakdown.
 */
final class CpuAccounting {

    /** Linux's USER_HZ, the unit of the stat file's times, on every platform Linux supports today. */
    private static final double TICKS_PER_SECOND = 100;

    /** Thread-name prefixes (as {@code comm} truncates them, 15 characters) and the group they count for. */
    private static final Map<String, String> JVM_THREADS = new LinkedHashMap<>();

    static {
        JVM_THREADS.put("executor-thread", "JVM: intake workers (XML, validation, event JSON, producer send)");
        JVM_THREADS.put("vert.x-eventloo", "JVM: event loops (HTTP server, load generator, consumer decode, PostgreSQL client)");
        JVM_THREADS.put("smallrye-kafka-", "JVM: Kafka consumers");
        JVM_THREADS.put("kafka-producer-", "JVM: Kafka producer I/O");
        JVM_THREADS.put("C2 CompilerThre", "JVM: JIT compilers");
        JVM_THREADS.put("C1 CompilerThre", "JVM: JIT compilers");
        JVM_THREADS.put("GC Thread#", "JVM: garbage collector");
        JVM_THREADS.put("G1 ", "JVM: garbage collector");
    }

    /**
     * CPU seconds per group since boot.
     *
     * @param seconds group name to CPU seconds, in a stable order
     */
    record Snapshot(Map<String, Double> seconds) {

        /** @return this snapshot's CPU seconds minus an earlier one's, group by group */
        Snapshot since(Snapshot earlier) {
            Map<String, Double> delta = new LinkedHashMap<>();
            seconds.forEach((group, value) -> delta.put(group, value - earlier.seconds.getOrDefault(group, 0.0)));
            return new Snapshot(delta);
        }

        boolean isEmpty() {
            return seconds.isEmpty();
        }
    }

    private CpuAccounting() {
    }

    /**
     * @param postgresPort the PostgreSQL server's port
     * @return CPU seconds so far of this JVM's thread groups, the broker and PostgreSQL; empty without {@code /proc}
     */
    static Snapshot take(int postgresPort) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc.resolve("self/task"))) {
            return new Snapshot(seconds);
        }
        for (String group : JVM_THREADS.values()) {
            seconds.put(group, 0.0);
        }
        seconds.put("JVM: other threads", 0.0);
        long self = ProcessHandle.current().pid();
        for (Path task : list(proc.resolve(self + "/task"))) {
            Optional<String> stat = read(task.resolve("stat"));
            if (stat.isPresent()) {
                String name = stat.get().substring(stat.get().indexOf('(') + 1, stat.get().lastIndexOf(')'));
                String group = JVM_THREADS.entrySet().stream().filter(e -> name.startsWith(e.getKey())).map(Map.Entry::getValue)
                        .findFirst().orElse("JVM: other threads");
                seconds.merge(group, cpuSeconds(stat.get()), Double::sum);
            }
        }
        seconds.put("Kafka broker", 0.0);
        seconds.put("PostgreSQL", 0.0);
        long postmaster = -1;
        Map<Long, String> stats = new LinkedHashMap<>();
        for (Path process : list(proc)) {
            String pid = process.getFileName().toString();
            if (!pid.chars().allMatch(Character::isDigit)) {
                continue;
            }
            String cmdline = read(process.resolve("cmdline")).orElse("").replace('\0', ' ');
            Optional<String> stat = read(process.resolve("stat"));
            if (stat.isEmpty()) {
                continue;
            }
            long parent = field(stat.get(), 1);
            if (parent == self && cmdline.contains("kafka.Kafka")) {
                seconds.merge("Kafka broker", cpuSeconds(stat.get()), Double::sum);
            }
            if (cmdline.contains("postgres") && cmdline.contains("-p " + postgresPort)) {
                postmaster = Long.parseLong(pid);
            }
            stats.put(Long.parseLong(pid), stat.get());
        }
        for (Map.Entry<Long, String> process : stats.entrySet()) {
            if (postmaster > 0 && (process.getKey() == postmaster || field(process.getValue(), 1) == postmaster)) {
                seconds.merge("PostgreSQL", cpuSeconds(process.getValue()), Double::sum);
            }
        }
        return new Snapshot(seconds);
    }

    /** utime + stime (fields 14 and 15 of the stat line) in seconds; for a process, its threads that ended count too. */
    private static double cpuSeconds(String stat) {
        return (field(stat, 11) + field(stat, 12)) / TICKS_PER_SECOND;
    }

    /** Field {@code index} (0 = state) after the command name, which may itself hold blanks and parentheses. */
    private static long field(String stat, int index) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[index]);
    }

    private static Iterable<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A /proc file's text; empty if the process or thread ended meanwhile. */
    private static Optional<String> read(Path file) {
        try {
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

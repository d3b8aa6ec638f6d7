package io.acu.launcher.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process's peak resident set size, as Linux reports it in {@code /proc/<pid>/status} ({@code VmHWM}, the
 * "high water mark" of {@code VmRSS}; proc(5)). Read at the end of a load run it is the most memory the process held
 * at any time, whatever the JVM's heap settings.
 */
public final class ProcessMemory {

    private static final Pattern VM_HWM = Pattern.compile("(?m)^VmHWM:\\s+(\\d+)\\s+kB\\s*$");

    private ProcessMemory() {
    }

    /**
     * @param pid a live process
     * @return its peak RSS in bytes; empty when the process is gone or the system has no {@code /proc} (not Linux)
     */
    public static OptionalLong peakResidentBytes(long pid) {
        try {
            return parsePeakResidentBytes(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * @param status the text of a {@code /proc/<pid>/status} file
     * @return {@code VmHWM} in bytes (the file gives kB, i.e. KiB); empty when the line is missing (kernel threads)
     */
    static OptionalLong parsePeakResidentBytes(String status) {
        Matcher line = VM_HWM.matcher(status);
        return line.find() ? OptionalLong.of(Long.parseLong(line.group(1)) * 1024) : OptionalLong.empty();
    }
}

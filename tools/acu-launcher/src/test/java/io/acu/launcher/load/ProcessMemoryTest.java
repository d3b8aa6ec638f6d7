package io.acu.launcher.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    @Test
    void peakResidentSetIsVmHwmInBytes() {
        String status = """
                Name:\tjava
                VmPeak:\t 4021712 kB
                VmHWM:\t  331520 kB
                VmRSS:\t  301000 kB
                Threads:\t42
                """;
        assertThat(ProcessMemory.parsePeakResidentBytes(status)).isEqualTo(OptionalLong.of(331_520L * 1024));
    }

    @Test
    void aStatusWithoutVmHwmHasNoPeak() {
        // Kernel threads have no memory lines.
        assertThat(ProcessMemory.parsePeakResidentBytes("Name:\tkthreadd\nState:\tS (sleeping)\n")).isEmpty();
    }

    @Test
    void thisJvmHasAPeakAndAGoneProcessHasNone() {
        assertThat(ProcessMemory.peakResidentBytes(ProcessHandle.current().pid()).orElseThrow()).isGreaterThan(1024 * 1024);
        assertThat(ProcessMemory.peakResidentBytes(Long.MAX_VALUE)).isEmpty();
    }
}

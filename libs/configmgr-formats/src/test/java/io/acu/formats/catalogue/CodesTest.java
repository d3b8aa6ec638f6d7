package io.acu.formats.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CodesTest {

    @Test
    void ccmsetupExitCodes() {
        assertThat(Arrays.stream(CcmSetupExitCode.values()).mapToInt(CcmSetupExitCode::code)).containsExactly(0, 6, 7, 8, 9, 10);
        assertThat(CcmSetupExitCode.fromCode(0)).contains(CcmSetupExitCode.SUCCESS);
        assertThat(CcmSetupExitCode.fromCode(7)).contains(CcmSetupExitCode.REBOOT_REQUIRED);
        assertThat(CcmSetupExitCode.fromCode(10)).contains(CcmSetupExitCode.MANIFEST_HASH_VALIDATION_FAILURE);
        assertThat(CcmSetupExitCode.MANIFEST_HASH_VALIDATION_FAILURE.description()).isEqualTo("Setup manifest hash validation failure");
        assertThat(CcmSetupExitCode.fromCode(1)).isEmpty();
        assertThat(CcmSetupExitCode.fromCode(1603)).isEmpty();
    }
}

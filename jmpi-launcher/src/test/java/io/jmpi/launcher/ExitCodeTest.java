package io.jmpi.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
@DisabledOnOs(OS.WINDOWS)
class ExitCodeTest {
    @Test
    void shouldNameTheSignalOfACodeAbove128() {
        assertThat(ExitCode.describe(5)).isEqualTo("code 5");
        assertThat(ExitCode.describe(128)).isEqualTo("code 128");
        assertThat(ExitCode.describe(137)).isEqualTo("code 137 (signal 9, SIGKILL)");
        assertThat(ExitCode.describe(143)).isEqualTo("code 143 (signal 15, SIGTERM)");
        assertThat(ExitCode.describe(138)).isEqualTo("code 138 (signal 10)");
        assertThat(ExitCode.describe(255)).isEqualTo("code 255");
    }
}

package io.jmpi.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class LaunchOptionsTest {
    private static LaunchOptions parse(String... args) {
        return LaunchOptions.parse(List.of(args), Map.of());
    }

    @Test
    void shouldStopAtTheFirstArgumentThatIsNotAnOption() {
        LaunchOptions o = parse("-n", "4", "java", "-n", "--help", "-cp", "x", "Main");

        assertThat(o.action()).isEqualTo(LaunchOptions.Action.RUN);
        assertThat(o.ranks()).isEqualTo(4);
        assertThat(o.command()).containsExactly("java", "-n", "--help", "-cp", "x", "Main");
        assertThat(o.killGrace()).isEqualTo(LaunchOptions.DEFAULT_KILL_GRACE);
    }

    @Test
    void shouldAcceptEveryNameOfTheRankCount() {
        for (String name : List.of("-n", "-np", "-c", "--n", "--np")) {
            assertThat(parse(name, "2", "true").ranks()).as(name).isEqualTo(2);
        }
    }

    @Test
    void shouldTakeTheCommandAfterDoubleDash() {
        assertThat(parse("-n", "1", "--", "-weird-command", "x").command()).containsExactly("-weird-command", "x");
    }

    @Test
    void shouldAnswerHelpAndVersionWhateverFollows() {
        assertThat(parse("--help", "--bogus").action()).isEqualTo(LaunchOptions.Action.HELP);
        assertThat(parse("-n", "2", "-h").action()).isEqualTo(LaunchOptions.Action.HELP);
        assertThat(parse("--version").action()).isEqualTo(LaunchOptions.Action.VERSION);
        assertThat(parse("-V").action()).isEqualTo(LaunchOptions.Action.VERSION);
    }

    @Test
    void shouldRejectWhatItCannotRun() {
        assertThatThrownBy(() -> parse("--bogus", "-n", "2", "x")).isInstanceOf(UsageException.class)
                .hasMessage("unknown option '--bogus'");
        assertThatThrownBy(() -> parse("true")).isInstanceOf(UsageException.class).hasMessageContaining("-n N");
        assertThatThrownBy(() -> parse("-n", "2")).isInstanceOf(UsageException.class)
                .hasMessageContaining("missing the command");
        assertThatThrownBy(() -> parse("-n")).isInstanceOf(UsageException.class)
                .hasMessageContaining("needs a number");
        assertThatThrownBy(() -> parse("-n", "0", "x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> parse("-n", "two", "x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("'two'");
    }

    @Test
    void shouldReadTheKillGraceFromTheEnvironment() {
        Map<String, String> env = Map.of(LaunchOptions.KILL_GRACE_VARIABLE, "250");
        assertThat(LaunchOptions.parse(List.of("-n", "1", "x"), env).killGrace()).isEqualTo(Duration.ofMillis(250));

        Map<String, String> bad = Map.of(LaunchOptions.KILL_GRACE_VARIABLE, "soon");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("-n", "1", "x"), bad))
                .isInstanceOf(UsageException.class).hasMessageContaining("JMPI_KILL_GRACE_MS");
    }
}

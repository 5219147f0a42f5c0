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
    void shouldLetRanksSurviveFailuresOnlyWhenAsked() {
        assertThat(parse("-n", "2", "x").enableRecovery()).isFalse();
        assertThat(parse("-n", "2", "--enable-recovery", "x").enableRecovery()).isTrue();
        assertThat(parse("-n", "2", "-disable-auto-cleanup", "x").enableRecovery()).isTrue();
        assertThatThrownBy(() -> parse("-n", "2", "--enable-recovery=yes", "x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("takes no value");
        assertThatThrownBy(() -> parse("-n", "2", "--enable-recover", "x")).hasMessageContaining("--enable-recovery?");
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

    @Test
    void shouldParseEveryOpenMpiOptionInEitherSpelling() throws Exception {
        java.nio.file.Path hf = java.nio.file.Files.createTempFile("hosts", ".txt");
        java.nio.file.Files.writeString(hf, "x slots=2\n");
        try {
            LaunchOptions o = LaunchOptions.parse(List.of("-np", "3", "-host", "a:2,b", "--map-by=node:OVERSUBSCRIBE",
                    "--bind-to", "none", "-x", "FOO=bar", "-x", "HOME", "-wdir", "/tmp", "--tag-output",
                    "-timestamp-output", "--output-filename", "/tmp/o", "--merge-stderr-to-stdout", "--stdin", "all",
                    "--timeout", "2.5", "--get-stack-traces", "--launch-agent", "ip netns exec",
                    "--coordinator-host", "10.0.0.1", "cmd", "arg"), Map.of("HOME", "/root"));

            assertThat(o.ranks()).isEqualTo(3);
            assertThat(o.hosts()).extracting(HostSlots::name).containsExactly("a", "b");
            assertThat(o.mapBy()).isEqualTo(Mapper.MapBy.NODE);
            assertThat(o.oversubscribe()).isTrue();
            assertThat(o.exports()).containsExactly(Map.entry("FOO", "bar"), Map.entry("HOME", "/root"));
            assertThat(o.workDir()).isEqualTo(java.nio.file.Path.of("/tmp"));
            assertThat(o.output()).isEqualTo(new OutputOptions(true, true, java.nio.file.Path.of("/tmp/o"), true,
                    OutputOptions.STDIN_ALL));
            assertThat(o.timeout()).isEqualTo(Duration.ofMillis(2500));
            assertThat(o.stackTraces()).isTrue();
            assertThat(o.launchAgent()).containsExactly("ip", "netns", "exec");
            assertThat(o.coordinatorHost()).isEqualTo("10.0.0.1");
            assertThat(o.command()).containsExactly("cmd", "arg");

            LaunchOptions f = LaunchOptions.parse(List.of("--machinefile", hf.toString(), "-N", "2", "--oversubscribe",
                    "--stdin", "none", "true"), Map.of());
            assertThat(f.hosts()).containsExactly(new HostSlots("x", 2, HostSlots.UNLIMITED));
            assertThat(f.perNode()).isEqualTo(2);
            assertThat(f.ranks()).isZero();
            assertThat(f.output().stdinRank()).isEqualTo(OutputOptions.STDIN_NONE);
        } finally {
            java.nio.file.Files.deleteIfExists(hf);
        }
    }

    @Test
    void shouldTakeDefaultsFromTheEnvironment() throws Exception {
        java.nio.file.Path hf = java.nio.file.Files.createTempFile("hosts", ".txt");
        java.nio.file.Files.writeString(hf, "h1 slots=3\n");
        try {
            for (String variable : LaunchOptions.HOSTFILE_VARIABLES) {
                LaunchOptions o = LaunchOptions.parse(List.of("true"), Map.of(variable, hf.toString()));
                assertThat(o.hosts()).as(variable).containsExactly(new HostSlots("h1", 3, HostSlots.UNLIMITED));
            }
            LaunchOptions o = LaunchOptions.parse(List.of("-H", "other", "true"),
                    Map.of("JMPI_HOSTFILE", hf.toString(), "MPIEXEC_TIMEOUT", "7", "JMPI_RSH_AGENT", "rsh -l u",
                            "JMPI_COORDINATOR_HOST", "h0"));
            assertThat(o.hosts()).extracting(HostSlots::name).containsExactly("other");
            assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(o.launchAgent()).containsExactly("rsh", "-l", "u");
            assertThat(o.coordinatorHost()).isEqualTo("h0");
            assertThat(LaunchOptions.parse(List.of("-n", "1", "true"), Map.of()).launchAgent()).containsExactly("ssh");
            assertThat(LaunchOptions.parse(List.of("-n", "1", "true"), Map.of()).timeout()).isNull();
        } finally {
            java.nio.file.Files.deleteIfExists(hf);
        }
    }

    @Test
    void shouldParseTheStallReportAndTls() {
        LaunchOptions o = LaunchOptions.parse(List.of("-n", "2", "--stall-report", "1.5", "--tls", "cmd"), Map.of());
        assertThat(o.stallReport()).isEqualTo(Duration.ofMillis(1500));
        assertThat(o.tls()).isTrue();
        LaunchOptions d = LaunchOptions.parse(List.of("-n", "2", "cmd"), Map.of());
        assertThat(d.stallReport()).isEqualTo(LaunchOptions.DEFAULT_STALL_REPORT);
        assertThat(d.tls()).isFalse();
        assertThat(LaunchOptions.parse(List.of("-n", "2", "--stall-report=0", "cmd"), Map.of()).stallReport()).isZero();
        assertThat(LaunchOptions.parse(List.of("-n", "2", "cmd"), Map.of("JMPI_STALL_SECONDS", "12")).stallReport())
                .isEqualTo(Duration.ofSeconds(12));
        assertThatThrownBy(() -> parse("--stall-report", "soon", "-n", "1", "x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--stall-report").hasMessageContaining("soon");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("-n", "1", "x"), Map.of("JMPI_STALL_SECONDS", "-1")))
                .isInstanceOf(UsageException.class).hasMessageContaining("JMPI_STALL_SECONDS");
        assertThatThrownBy(() -> parse("--tls=yes", "-n", "1", "x")).isInstanceOf(UsageException.class);
    }

    @Test
    void shouldShareClassDataUnlessToldNotTo() {
        assertThat(parse("-n", "2", "cmd").classDataSharing()).isTrue();
        assertThat(parse("--no-cds", "-n", "2", "cmd").classDataSharing()).isFalse();
        assertThatThrownBy(() -> parse("--no-cds=1", "-n", "1", "x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--no-cds");
        assertThat(LaunchOptions.USAGE).contains("--no-cds", "JMPI_CDS");
    }

    @Test
    void shouldRejectUnsupportedValuesClearly() {
        assertThatThrownBy(() -> parse("--bind-to", "core", "-n", "1", "x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("only --bind-to none");
        assertThatThrownBy(() -> parse("--map-by", "socket", "-n", "1", "x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("slot or node");
        assertThatThrownBy(() -> parse("--stdin", "some", "-n", "1", "x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("a rank, all or none");
        assertThatThrownBy(() -> parse("--timeout", "-1", "-n", "1", "x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("positive number of seconds");
        assertThatThrownBy(() -> parse("-x", "1BAD", "-n", "1", "x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("not a variable name");
        assertThatThrownBy(() -> parse("-x", "UNSET_FOR_JMPI_TEST", "-n", "1", "x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("not set");
        assertThatThrownBy(() -> parse("--host", "a", "--hostfile", "f", "x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> parse("--tag-output=yes", "-n", "1", "x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("takes no value");
        assertThatThrownBy(() -> parse("--tag-ouptut", "-n", "1", "x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("did you mean --tag-output?");
    }
}

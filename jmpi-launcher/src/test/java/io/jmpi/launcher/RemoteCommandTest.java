package io.jmpi.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(20)
class RemoteCommandTest {
    private static final List<String> COMMAND = List.of("sh", "-c", "echo \"[$V] [$1] [$2] $(pwd)\"", "x", "a b", "it's $HOME");

    @Test
    void shouldGiveWordAgentsShDashCAndTheScript() {
        List<String> argv = RemoteCommand.build(List.of("ip", "netns", "exec"), "ns1", Path.of("/w d"), true,
                Map.of("V", "1"), List.of("java", "-cp", "a b.jar", "Main"));

        assertThat(argv).containsExactly("ip", "netns", "exec", "ns1", "sh", "-c",
                "cd '/w d' && exec env V=1 java -cp 'a b.jar' Main");
    }

    @Test
    void shouldGiveSshOneQuotedLine() {
        List<String> argv = RemoteCommand.build(List.of("/usr/bin/ssh", "-x"), "node", Path.of("/w"), false,
                Map.of("V", "it's"), List.of("echo", "hi"));

        assertThat(argv).hasSize(4).startsWith("/usr/bin/ssh", "-x", "node");
        assertThat(argv.get(3)).isEqualTo("sh -c 'cd /w 2>/dev/null || cd; exec env '\\''V=it'\\''\\'\\'''\\''s'\\'' echo hi'");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void shouldRunTheCommandWithItsWordsIntactThroughBothKindsOfAgent() throws Exception {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("V", "v 'quoted' \"too\"");
        // an exec-style agent: drops the host and runs the words
        assertThat(run(List.of("sh", "-c", "shift; exec \"$@\"", "agent"), vars))
                .isEqualTo("[v 'quoted' \"too\"] [a b] [it's $HOME] /tmp\n");
        // an ssh-like agent: joins the words after the host into one line for a shell, as ssh does
        Path fakeSsh = java.nio.file.Files.createTempDirectory("agent").resolve("ssh");
        java.nio.file.Files.writeString(fakeSsh, "#!/bin/sh\nshift\nexec sh -c \"$*\"\n");
        fakeSsh.toFile().setExecutable(true);
        assertThat(run(List.of(fakeSsh.toString()), vars)).isEqualTo("[v 'quoted' \"too\"] [a b] [it's $HOME] /tmp\n");
    }

    private static String run(List<String> agent, Map<String, String> vars) throws Exception {
        List<String> argv = new ArrayList<>(RemoteCommand.build(agent, "host1", Path.of("/tmp"), true, vars, COMMAND));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}

package io.jmpi.launcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ranks on several hosts for real: three hosts are network namespaces ({@code ip netns}, as root)
 * with their own addresses, joined by veth pairs to a bridge in a fourth namespace where jmpiexec
 * runs, and jmpiexec starts ranks on them with the launch agent {@code ip netns exec}, so a host
 * name is a namespace name. Every address lives only inside these namespaces (10.231.0.0/24);
 * the machine's own network is not touched. Skips, saying why, where namespaces cannot be made.
 */
@Timeout(120)
@EnabledOnOs(OS.LINUX)
class NetworkNamespacesTest {
    private static final String PREFIX = "jmpi" + (ProcessHandle.current().pid() % 100000);
    private static final String HUB = PREFIX + "h";
    private static final List<String> HOSTS = List.of(PREFIX + "a", PREFIX + "b", PREFIX + "c");
    private static final String HUB_ADDRESS = "10.231.0.1";
    private static final List<String> ALL = new ArrayList<>();

    @BeforeAll
    static void createHosts() throws Exception {
        String skip = null;
        if (!"root".equals(System.getProperty("user.name"))) {
            skip = "not root (" + System.getProperty("user.name") + "): network namespaces cannot be created";
        } else if (sh("ip netns list") != 0) {
            skip = "'ip netns' is not available (Debian's iproute2)";
        } else if (sh("ip netns add " + HUB) != 0) {
            skip = "cannot create a network namespace here (no CAP_SYS_ADMIN?)";
        }
        if (skip != null) {
            System.err.println("NetworkNamespacesTest skipped: " + skip);
            Assumptions.assumeTrue(false, skip);
        }
        ALL.add(HUB);
        inHub("ip link set lo up");
        inHub("ip link add br0 type bridge");
        inHub("ip addr add " + HUB_ADDRESS + "/24 dev br0");
        inHub("ip link set br0 up");
        for (int i = 0; i < HOSTS.size(); i++) {
            String ns = HOSTS.get(i);
            must("ip netns add " + ns);
            ALL.add(ns);
            must("ip netns exec " + ns + " ip link set lo up");
            inHub("ip link add v" + i + " type veth peer name eth0 netns " + ns);
            inHub("ip link set v" + i + " master br0 up");
            must("ip netns exec " + ns + " ip addr add 10.231.0." + (11 + i) + "/24 dev eth0");
            must("ip netns exec " + ns + " ip link set eth0 up");
        }
        for (String ns : HOSTS) {
            must("ip netns exec " + ns + " ping -c 1 -W 5 " + HUB_ADDRESS + " >/dev/null 2>&1 || true");
        }
    }

    @AfterAll
    static void removeHosts() throws Exception {
        for (String ns : ALL) {
            sh("ip netns del " + ns);
        }
        ALL.clear();
    }

    private static JmpiExecRun.Result jmpiexec(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--host", String.join(",", HOSTS), "--launch-agent",
                "ip netns exec", "--coordinator-host", HUB_ADDRESS));
        all.addAll(List.of(args));
        JmpiExecRun run = JmpiExecRun.start(List.of("ip", "netns", "exec", HUB), env -> { },
                all.toArray(String[]::new));
        run.stdin().close();
        return run.await(java.time.Duration.ofSeconds(60));
    }

    @Test
    void shouldStartEachRankInItsHostsNamespace() throws Exception {
        JmpiExecRun.Result r = jmpiexec("--tag-output", "sh", "-c",
                "echo $OMPI_COMM_WORLD_RANK $JMPI_HOST $(ip netns identify $$)"
                        + " $(ip -o -4 addr show dev eth0 | awk '{print $4}') $JMPI_COORDINATOR");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdoutLines()).as(r.toString()).hasSize(3);
        for (int i = 0; i < HOSTS.size(); i++) {
            String host = HOSTS.get(i);
            assertThat(r.stdoutLines()).as(r.toString()).anyMatch(l -> l.matches(
                    "\\[1," + rank(host) + "]<stdout>:" + rank(host) + " " + host + " " + host + " 10\\.231\\.0\\."
                            + (11 + rank(host)) + "/24 10\\.231\\.0\\.1:\\d+"));
        }
    }

    @Test
    void shouldPassATokenAroundARingAndMeetAtBarriersAcrossThreeHosts() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Until core reads JMPI_TCP_INTERFACE, each rank binds its transport to its namespace's
        // address for the route to the coordinator, found where it runs.
        String script = "a=$(ip -o route get ${JMPI_COORDINATOR%:*} | sed -n 's/.* src \\([0-9.]*\\).*/\\1/p');"
                + " exec " + java + " -Djmpi.tcp.interface=$a -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
                + " -cp " + System.getProperty("java.class.path") + " " + RingAndBarrierRank.class.getName();
        JmpiExecRun.Result r = jmpiexec("sh", "-c", script);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdoutLines()).as(r.toString()).contains("ring [0, 1, 2]");
        for (int i = 0; i < HOSTS.size(); i++) {
            assertThat(r.stdoutLines()).contains("rank " + i + " passed the barrier on " + HOSTS.get(i));
        }
    }

    private static int rank(String host) {
        return HOSTS.indexOf(host);
    }

    private static void inHub(String command) throws Exception {
        must("ip netns exec " + HUB + " " + command);
    }

    private static void must(String command) throws Exception {
        int code = sh(command);
        if (code != 0) {
            throw new IllegalStateException("setting up namespaces: '" + command + "' exited " + code);
        }
    }

    private static int sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        if (p.exitValue() != 0) {
            System.err.println("'" + command + "': " + out);
        }
        return p.exitValue();
    }
}

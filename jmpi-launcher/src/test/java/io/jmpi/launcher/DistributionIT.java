package io.jmpi.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The assembled distribution, as a user runs it: {@code bin/jmpiexec} with the examples jar
 * (the README's first command) and {@code bin/jmpi-shell}. Runs after {@code package}.
 */
@Timeout(120)
class DistributionIT {
    private static final Path DIST = Path.of(System.getProperty("jmpi.dist", "target/jmpi"));
    private static final String EXAMPLES = System.getProperty("jmpi.examplesJar", "../examples/target/jmpi-examples.jar");
    private static final Path CDS = Path.of("target/cds-it");

    private static String run(String input, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("OMPI_") || k.startsWith("JMPI_"));
        // jmpiexec's class-data sharing archives go to the build directory, not the home directory
        pb.environment().put("JMPI_CDS_DIR", CDS.toAbsolutePath().toString());
        Process p = pb.start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("did not finish: " + command + "\n" + out);
        }
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void shouldRunHelloWorldOnFourRanksWithTheReadmeCommand() throws Exception {
        assertThat(DIST.resolve("bin/jmpiexec")).isExecutable();
        String out = run("", List.of(DIST.resolve("bin/jmpiexec").toString(), "-n", "4",
                "java", "-cp", EXAMPLES, "io.jmpi.examples.HelloWorld"));
        List<String> lines = out.lines().filter(l -> l.startsWith("Hello, World!")).sorted().toList();
        assertThat(lines).hasSize(4);
        for (int r = 0; r < 4; r++) {
            assertThat(lines.get(r)).startsWith("Hello, World! I am process " + r + " of 4 on ");
        }
    }

    @Test
    void shouldRunHelloWorldAgainWithTheClassDataArchiveTheFirstRunWrote() throws Exception {
        List<String> command = List.of(DIST.resolve("bin/jmpiexec").toString(), "-n", "2",
                "java", "-cp", EXAMPLES, "io.jmpi.examples.HelloWorld");
        run("", command);
        try (var archives = Files.list(CDS)) {
            assertThat(archives.filter(p -> p.toString().endsWith(".jsa")).count()).isPositive();
        }
        String out = run("", command);
        assertThat(out.lines().filter(l -> l.startsWith("Hello, World!")).count()).isEqualTo(2);
        assertThat(out).doesNotContain("cds");
    }

    @Test
    void shouldRunAUsersClassPathWithTheDistributionsLib() throws Exception {
        String out = run("", List.of(DIST.resolve("bin/jmpiexec").toString(), "-n", "2", "sh", "-c",
                "exec java -cp \"" + EXAMPLES + ":$JMPI_HOME/lib/*\" io.jmpi.examples.Messages"));
        assertThat(out).contains("all correct");
    }

    @Test
    void shouldOpenJshellWithJmpiAsASingleton() throws Exception {
        assertThat(DIST.resolve("bin/jmpi-shell")).isExecutable();
        String out = run("System.out.println(\"rank \" + MPI.COMM_WORLD.getRank() + \" of \" + MPI.COMM_WORLD.getSize())\n/exit\n",
                List.of(DIST.resolve("bin/jmpi-shell").toString(), "-q"));
        assertThat(out).contains("rank 0 of 1");
        assertThat(Files.exists(DIST.resolve("bin/jmpiexec.cmd"))).isTrue();
    }
}

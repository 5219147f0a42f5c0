package io.jmpi.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Error handlers over real processes under jmpiexec: a rank that dies while others use
 * {@code ERRORS_RETURN} (survivors go on with {@code --enable-recovery}), the default handler
 * (an uncaught error ends the rank, jmpiexec ends the job), and {@code ERRORS_ARE_FATAL} (a
 * report and the whole job ended, also when jmpiexec lets ranks survive failures).
 */
@Timeout(120)
class ErrhandlerProcessTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String CLASS_PATH = System.getProperty("java.class.path");

    private static String[] job(List<String> jmpiexecOptions, List<String> javaOptions, String mainClass,
            String... args) {
        List<String> all = new ArrayList<>(jmpiexecOptions);
        all.addAll(List.of(JAVA, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        all.addAll(javaOptions);
        all.addAll(List.of("-cp", CLASS_PATH, mainClass));
        all.addAll(List.of(args));
        return all.toArray(new String[0]);
    }

    /** Runs jmpiexec with a generous limit: start-up of 4 JVMs on a loaded 2-core machine is slow. */
    private static JmpiExecRun.Result run(String... args) throws Exception {
        JmpiExecRun run = JmpiExecRun.start(env -> { }, args);
        run.stdin().close();
        return run.await(Duration.ofSeconds(90));
    }

    /** How long ago the moment a rank printed as {@code "<what> at MILLIS"} was. */
    private static Duration since(JmpiExecRun.Result r, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what) + " at (\\d+)").matcher(r.stdout());
        assertThat(m.find()).as("'%s' in %s", what, r).isTrue();
        return Duration.ofMillis(System.currentTimeMillis() - Long.parseLong(m.group(1)));
    }

    @Test
    void shouldLetSurvivorsGoOnWhenARankDiesAndTheyUseErrorsReturn() throws Exception {
        JmpiExecRun.Result r = run(job(List.of("-n", "4", "--enable-recovery"), List.of(),
                SurvivingRanks.class.getName(), "return"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stdout()).as(r.toString())
                .contains("rank 3: dying at")
                .contains("rank 2: caught ERR_PROC_FAILED: rank 3 of the job has failed or left")
                .contains("rank 0: heard 'rank 3 is gone'")
                .contains("rank 0: exchanged " + SurvivingRanks.EXCHANGES + " messages with rank 1 after rank 3 failed;"
                        + " allreduce 3")
                .contains("rank 1: exchanged " + SurvivingRanks.EXCHANGES + " messages with rank 0 after rank 3 failed;"
                        + " allreduce 3")
                .contains("rank 0: finalized").contains("rank 1: finalized").contains("rank 2: finalized");
        assertThat(r.stderr()).as(r.toString())
                .containsPattern("jmpiexec: rank 3 .*exited with code 3; the other ranks go on \\(--enable-recovery\\)")
                .doesNotContain("without finalizing").doesNotContain("ending the job");
    }

    @Test
    void shouldEndTheJobNamingTheDeadRankByDefault() throws Exception {
        JmpiExecRun.Result r = run(job(List.of("-n", "4"), List.of(), SurvivingRanks.class.getName(),
                "uncaught"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr()).as(r.toString()).containsPattern("jmpiexec: rank 3 .*exited with code 3; ending the job");
        assertThat(since(r, "rank 3: dying")).as("from the death to the end of the job").isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void shouldEndTheRankWithTheErrorWhenTheDefaultHandlerIsNotCaught() throws Exception {
        JmpiExecRun.Result r = run(job(List.of("-n", "4", "--enable-recovery"), List.of(),
                SurvivingRanks.class.getName(), "uncaught"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr()).as(r.toString())
                .contains("io.jmpi.MpiException: ERR_PROC_FAILED: rank 3 of the job has failed or left")
                .contains("at io.jmpi.launcher.SurvivingRanks.main")
                .containsPattern("jmpiexec: rank 2 .*exited with code 1");
        assertThat(r.stdout()).as(r.toString())
                .contains("rank 0: exchanged " + SurvivingRanks.EXCHANGES + " messages")
                .contains("rank 1: finalized").doesNotContain("rank 2: finalized");
        assertThat(since(r, "rank 3: dying")).as("from the death to the end of the job").isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void shouldReportAndEndTheWholeJobWhenErrorsAreFatal() throws Exception {
        for (List<String> options : List.of(List.of("-n", "3"), List.of("-n", "3", "--enable-recovery"))) {
            JmpiExecRun.Result r = run(job(options, List.of("-Djmpi.errors=fatal"),
                    FatalErrorRank.class.getName()));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(6); // ERR_RANK's code
            assertThat(r.stderr()).as(r.toString())
                    .contains("jmpi: rank 1: an MPI call failed on COMM_WORLD (rank 1 of 3) with ERRORS_ARE_FATAL;"
                            + " the call's stack:")
                    .contains("io.jmpi.MpiException: ERR_RANK: dest 99 is not a rank of COMM_WORLD (size 3)")
                    .contains("at io.jmpi.launcher.FatalErrorRank.main")
                    .contains("jmpi: rank 1 of 3: ERR_RANK on COMM_WORLD (rank 1 of 3), whose error handler is"
                            + " ERRORS_ARE_FATAL: dest 99")
                    .contains("ending the job with exit code 6")
                    .containsPattern("jmpiexec: rank 1 .*exited with code 6; ending the job");
            assertThat(r.stdout()).doesNotContain("still running");
            assertThat(since(r, "rank 1: erring")).as("from the error to the end of the job")
                    .isLessThan(Duration.ofSeconds(10));
        }
    }
}

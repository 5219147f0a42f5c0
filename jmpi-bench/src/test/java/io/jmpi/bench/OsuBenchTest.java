package io.jmpi.bench;

import io.jmpi.LocalWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OsuBench on tiny iteration counts, ranks as threads: its lines, its checks and its options. */
@Timeout(120)
class OsuBenchTest {

    private static List<String> run(int ranks, String... args) {
        OsuBench.Options o = OsuBench.Options.parse(args);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        LocalWorld.run(ranks, world -> OsuBench.run(world, o, out));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void shouldTimeEveryCollectiveAtEverySizeAndPassItsChecks() {
        for (int ranks : new int[] {2, 3}) {
            List<String> lines = run(ranks, "--no-warm-up", "coll", "0.0001");
            for (String op : OsuBench.COLLECTIVES) {
                for (int size : OsuBench.COLL_SIZES) {
                    assertThat(lines).as("%d ranks", ranks).anyMatch(l -> l.matches(op + "_buf " + size + " [0-9.]+"));
                }
            }
            assertThat(lines).anyMatch(l -> l.matches("barrier_buf 0 [0-9.]+"));
            assertThat(lines).hasSize(OsuBench.COLLECTIVES.length * OsuBench.COLL_SIZES.length + 1);
        }
    }

    @Test
    void shouldTimeMultiPairLatencyAtEveryLatencySize() {
        List<String> lines = run(4, "--no-warm-up", "mlat", "0.0001");
        assertThat(lines).extracting(l -> l.split(" ")[0] + " " + l.split(" ")[1])
                .containsExactly("mlat_buf 0", "mlat_buf 8", "mlat_buf 64", "mlat_buf 1024", "mlat_buf 8192",
                        "mlat_buf 65536", "mlat_buf 1048576", "mlat_buf 4194304");
    }

    @Test
    void shouldRefuseMultiPairLatencyOnAnOddNumberOfRanks() {
        assertThatThrownBy(() -> run(3, "--no-warm-up", "mlat", "0.0001"))
                .hasStackTraceContaining("mlat needs an even number of ranks, this job has 3");
    }

    @Test
    void shouldPrintCsvWithMedianMinMaxOverRepetitions() {
        List<String> lines = run(2, "--no-warm-up", "--csv", "--reps", "3", "--transport", "local", "lat", "0.0001");
        assertThat(lines.get(0)).isEqualTo(Csv.HEADER);
        assertThat(lines).hasSize(1 + 8);
        String[] row = lines.get(2).split(",");
        assertThat(row[0]).isEqualTo("jmpi");
        assertThat(row[1]).isEqualTo("lat_buf");
        assertThat(row[2]).isEqualTo("8");
        assertThat(row[3]).isEqualTo("us");
        double median = Double.parseDouble(row[4]);
        assertThat(Double.parseDouble(row[5])).isLessThanOrEqualTo(median);
        assertThat(Double.parseDouble(row[6])).isGreaterThanOrEqualTo(median);
        assertThat(row[7]).isEqualTo("3");
        assertThat(row[8]).isEqualTo("2");
        assertThat(row[9]).isEqualTo("local");
        assertThat(row[10]).contains(System.getProperty("java.runtime.version"));
        assertThat(row[12]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d");
    }

    @Test
    void shouldParseOptionsAndRejectBadOnes() {
        OsuBench.Options o = OsuBench.Options.parse("--transport", "local", "-n", "4", "lat,mlat", "0.5");
        assertThat(o.transport()).isEqualTo("local");
        assertThat(o.ranks()).isEqualTo(4);
        assertThat(o.modes()).containsExactly("lat", "mlat");
        assertThat(o.scale()).isEqualTo(0.5);
        OsuBench.Options d = OsuBench.Options.parse();
        assertThat(d.transport()).isEqualTo("tcp");
        assertThat(d.modes()).containsExactly("lat", "bw", "bibw", "obj", "coll");
        assertThat(d.scale()).isEqualTo(1.0);
        assertThatThrownBy(() -> OsuBench.Options.parse("--transport", "udp")).hasMessageContaining("udp");
        assertThatThrownBy(() -> OsuBench.Options.parse("-n", "0")).hasMessageContaining("-n 0");
        assertThatThrownBy(() -> OsuBench.Options.parse("latency")).hasMessageContaining("mode latency");
        assertThatThrownBy(() -> OsuBench.Options.parse("lat", "fast")).hasMessageContaining("scale fast");
        assertThatThrownBy(() -> OsuBench.Options.parse("--frobnicate")).hasMessageContaining("--frobnicate");
    }

    @Test
    void checksShouldFailOnAWrongElementOrBlock() {
        double[] sum = new double[16];
        Arrays.fill(sum, 3.0);
        OsuBench.checkDoubles("allreduce", 128, sum, 16, 3.0);
        sum[15] = 2.0;
        assertThatThrownBy(() -> OsuBench.checkDoubles("allreduce", 128, sum, 16, 3.0))
                .isInstanceOf(IllegalStateException.class).hasMessage("allreduce 128 B: element 15 is 2.0, expected 3.0");

        byte[] gathered = {1, 1, 2, 2, 3, 3};
        OsuBench.checkBlocks("allgather", 2, gathered, 3, j -> j + 1);
        byte[] swapped = {2, 2, 1, 1, 3, 3};
        assertThatThrownBy(() -> OsuBench.checkBlocks("allgather", 2, swapped, 3, j -> j + 1))
                .isInstanceOf(IllegalStateException.class).hasMessage("allgather 2 B: byte 0 is 2, expected 1");
        byte[] cut = {1, 1, 2, 0, 3, 3};
        assertThatThrownBy(() -> OsuBench.checkBlocks("allgather", 2, cut, 3, j -> j + 1))
                .hasMessageContaining("byte 3 is 0");

        assertThat(OsuBench.alltoallByte(0, 1, 2)).isNotEqualTo(OsuBench.alltoallByte(1, 0, 2));
        assertThatThrownBy(() -> OsuBench.checkBytes("bcast", 4, new byte[] {0x5a, 0x5a, 0x5a, 0}, 0, 4, (byte) 0x5a))
                .hasMessage("bcast 4 B: byte 3 is 0, expected 90");
    }
}

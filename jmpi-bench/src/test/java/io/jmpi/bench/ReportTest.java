package io.jmpi.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The report of a small made-up comparison run: the new tables, the plots and the CSV. */
class ReportTest {

    @Test
    void shouldWriteMultiPairAndCollectiveTablesPlotsAndCsv(@TempDir Path dir) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path raw = Files.createDirectories(dir.resolve("raw"));
        Files.writeString(raw.resolve("jmpi-tcp.rep1.txt"), """
                lat_buf 8 10.000
                allreduce_buf 8 20.000
                reduce_buf 1024 30.000
                alltoall_buf 1048576 400.000
                mlat_buf 8 40.000
                """);
        Files.writeString(raw.resolve("jmpi-tcp.rep2.txt"), """
                lat_buf 8 12.000
                reduce_buf 1024 34.000
                mlat_buf 8 44.000
                """);
        Files.writeString(raw.resolve("c-tcp.rep1.txt"), """
                lat 8 5.000
                allreduce 8 10.000
                reduce 1024 15.000
                alltoall 1048576 200.000
                mlat 8 20.000
                """);
        Files.writeString(raw.resolve("py-tcp.rep1.txt"), "reduce_buf 1024 60.000\nmlat_buf 8 80.000\n");
        Files.writeString(raw.resolve("startup.rep1.txt"), "startup_jmpi 4 1.500\nstartup_mpi4py 4 1.000\n");
        Path meta = dir.resolve("meta.txt");
        Files.writeString(meta, """
                date: 2026-01-02T03:04:05+00:00
                host: Linux 6.1 x86_64; 2 cpus; Some CPU, rev 2; 23 GiB
                java: OpenJDK Runtime Environment (build 17.0.15+6)
                open-mpi: mpirun (Open MPI) 4.1.4
                open-mpi: mpirun -np 2 osu_c all 0.25
                multi-pair ranks: 6
                """);
        Path md = dir.resolve("docs/performance.md");
        Path img = dir.resolve("docs/img");
        Files.createDirectories(md.getParent());
        Path csv = dir.resolve("results.csv");

        Report.main(new String[] {raw.toString(), meta.toString(), md.toString(), img.toString(), csv.toString()});

        String page = Files.readString(md);
        assertThat(page).contains("### Multi-pair latency, µs (half round trip), 6 ranks = 3 pairs at once");
        assertThat(page).contains("| 8 B | 42.0 [40.0–44.0] | 20.0 | 80.0 | 2.10 | 0.53 |");
        assertThat(page).contains("### Collective latency by size, µs (2 ranks)");
        assertThat(page).contains("| reduce | 1 KiB | 32.0 [30.0–34.0] | 15.0 | 60.0 | 2.13 | 0.53 |");
        assertThat(page).contains("| alltoall | 1 MiB | 400 | 200 | – | 2.00 | – |");
        assertThat(page).contains("| allreduce | 8 B | 20.0 | 10.0 | – | 2.00 | – |");
        assertThat(page).contains("bench/results/results.csv").contains("--transport local");
        assertThat(img.resolve("collectives.png")).isNotEmptyFile();
        assertThat(img.resolve("latency.png")).isNotEmptyFile();

        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo(Csv.HEADER);
        assertThat(rows).contains(
                "jmpi,mlat_buf,8,us,42.000,40.000,44.000,2,6,tcp,OpenJDK Runtime Environment (build 17.0.15+6),"
                        + "\"Linux 6.1 x86_64; 2 cpus; Some CPU, rev 2; 23 GiB\",2026-01-02T03:04:05+00:00",
                "open-mpi,reduce,1024,us,15.000,15.000,15.000,1,2,tcp,,"
                        + "\"Linux 6.1 x86_64; 2 cpus; Some CPU, rev 2; 23 GiB\",2026-01-02T03:04:05+00:00",
                "mpi4py,startup,4,s,1.000,1.000,1.000,1,4,default,,"
                        + "\"Linux 6.1 x86_64; 2 cpus; Some CPU, rev 2; 23 GiB\",2026-01-02T03:04:05+00:00");
        assertThat(rows).hasSize(1 + 5 + 5 + 2 + 2);
    }
}

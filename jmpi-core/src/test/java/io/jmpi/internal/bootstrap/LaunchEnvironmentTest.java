package io.jmpi.internal.bootstrap;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchEnvironmentTest {
    private static final Properties NO_PROPERTIES = new Properties();

    private static BootstrapInfo detect(Map<String, String> env) {
        return LaunchEnvironment.detect(env, NO_PROPERTIES);
    }

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static final String[] SLURM = {"SLURM_PROCID", "2", "SLURM_NTASKS", "4", "SLURM_LOCALID", "0",
            "SLURM_NODEID", "1", "SLURM_STEP_TASKS_PER_NODE", "2(x2)", "SLURM_JOB_ID", "1234",
            "SLURM_STEP_ID", "3", "SLURM_STEP_NODELIST", "node[01-02]", "SLURM_JOB_NODELIST", "node[01-04]"};

    private static String[] with(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    // ---- Singleton and jmpiexec ----

    @Test
    void shouldBeSingletonWithoutLauncher() {
        BootstrapInfo info = detect(env("PATH", "/bin"));
        assertThat(info.rank()).isZero();
        assertThat(info.size()).isEqualTo(1);
        assertThat(info.coordinator()).isNull();
        assertThat(info.hostsCoordinator()).isFalse();
    }

    @Test
    void shouldReadJmpiexecVariables() {
        BootstrapInfo info = detect(env(
                "OMPI_COMM_WORLD_SIZE", "4", "OMPI_COMM_WORLD_RANK", "2",
                "OMPI_COMM_WORLD_LOCAL_RANK", "2", "OMPI_COMM_WORLD_LOCAL_SIZE", "4",
                "JMPI_COORDINATOR", "127.0.0.1:4567", "JMPI_JOB_ID", "j-1", "JMPI_SECRET", "00ff10",
                "MASTER_ADDR", "elsewhere", "MASTER_PORT", "1"));
        assertThat(info.rank()).isEqualTo(2);
        assertThat(info.size()).isEqualTo(4);
        assertThat(info.localSize()).isEqualTo(4);
        assertThat(info.jobId()).isEqualTo("j-1");
        assertThat(info.secret()).containsExactly(0, 0xff, 0x10);
        assertThat(info.coordinator().getPort()).isEqualTo(4567);
        assertThat(info.origin()).isEqualTo("jmpiexec");
        assertThat(info.rendezvous()).isNull();
        assertThat(info.hostsCoordinator()).isFalse();
    }

    @Test
    void shouldRejectNonsenseRank() {
        assertThatThrownBy(() -> detect(env("OMPI_COMM_WORLD_SIZE", "2", "OMPI_COMM_WORLD_RANK", "x")))
                .isInstanceOf(MpiException.class)
                .hasMessageContaining("OMPI_COMM_WORLD_RANK=x");
        assertThatThrownBy(() -> detect(env("RANK", "3", "WORLD_SIZE", "3", "MASTER_ADDR", "h", "MASTER_PORT", "9")))
                .isInstanceOf(MpiException.class)
                .hasMessageContaining("rank 3 of 3");
    }

    // ---- Each foreign launcher ----

    @Test
    void shouldReadOpenMpiWithMasterAddress() {
        BootstrapInfo info = detect(env("OMPI_COMM_WORLD_SIZE", "4", "OMPI_COMM_WORLD_RANK", "0",
                "OMPI_COMM_WORLD_LOCAL_RANK", "0", "OMPI_COMM_WORLD_LOCAL_SIZE", "2",
                "MASTER_ADDR", "10.1.2.3", "MASTER_PORT", "29500"));
        assertThat(info.origin()).isEqualTo("Open MPI mpirun");
        assertThat(info.rank()).isZero();
        assertThat(info.localSize()).isEqualTo(2);
        assertThat(info.coordinator().getHostString()).isEqualTo("10.1.2.3");
        assertThat(info.coordinator().getPort()).isEqualTo(29500);
        assertThat(info.rendezvous()).isEqualTo("MASTER_ADDR/MASTER_PORT");
        assertThat(info.hostsCoordinator()).isTrue();
        assertThat(info.jobId()).isEqualTo("root-10.1.2.3:29500");
        assertThat(info.secret()).isEmpty();
    }

    @Test
    void shouldPreferJmpiRootOverMasterAddress() {
        BootstrapInfo info = detect(env("OMPI_COMM_WORLD_SIZE", "2", "OMPI_COMM_WORLD_RANK", "1",
                "JMPI_ROOT", "[::1]:7000", "MASTER_ADDR", "10.1.2.3", "MASTER_PORT", "29500",
                "JMPI_SECRET", "abcd", "JMPI_JOB_ID", "mine"));
        assertThat(info.coordinator().getHostString()).isEqualTo("::1");
        assertThat(info.coordinator().getPort()).isEqualTo(7000);
        assertThat(info.rendezvous()).isEqualTo("JMPI_ROOT");
        assertThat(info.hostsCoordinator()).isFalse();
        assertThat(info.jobId()).isEqualTo("mine");
        assertThat(info.secret()).containsExactly(0xab, 0xcd);
    }

    @Test
    void shouldReadHydraVariables() {
        BootstrapInfo info = detect(env("PMI_RANK", "1", "PMI_SIZE", "3", "MPI_LOCALRANKID", "1",
                "MPI_LOCALNRANKS", "3", "JMPI_ROOT", "head:5000"));
        assertThat(info.origin()).isEqualTo("MPICH Hydra");
        assertThat(info.rank()).isEqualTo(1);
        assertThat(info.size()).isEqualTo(3);
        assertThat(info.localRank()).isEqualTo(1);
        assertThat(info.localSize()).isEqualTo(3);
    }

    @Test
    void shouldReadSlurmVariablesWithTheFirstHostOfTheStepAndADerivedPort() {
        BootstrapInfo info = detect(env(SLURM));
        assertThat(info.origin()).isEqualTo("Slurm");
        assertThat(info.rank()).isEqualTo(2);
        assertThat(info.size()).isEqualTo(4);
        assertThat(info.localRank()).isZero();
        assertThat(info.localSize()).isEqualTo(2);
        assertThat(info.coordinator().getHostString()).isEqualTo("node01");
        assertThat(info.coordinator().getPort()).isEqualTo(20000 + (1234 * 16 + 3) % 20000);
        assertThat(info.jobId()).isEqualTo("slurm-1234.3");
        assertThat(info.rendezvous()).contains("SLURM_STEP_NODELIST");
    }

    @Test
    void shouldTakeTheSlurmPortFromJmpiRootPortThenMasterPort() {
        assertThat(detect(env(with(SLURM, "JMPI_ROOT_PORT", "4000", "MASTER_PORT", "5000"))).coordinator().getPort())
                .isEqualTo(4000);
        assertThat(detect(env(with(SLURM, "MASTER_PORT", "5000"))).coordinator().getPort()).isEqualTo(5000);
        BootstrapInfo jobList = detect(env("SLURM_PROCID", "0", "SLURM_NTASKS", "2", "SLURM_STEP_ID", "0",
                "SLURM_JOB_ID", "7", "SLURM_JOB_NODELIST", "gpu[3-4]"));
        assertThat(jobList.coordinator().getHostString()).isEqualTo("gpu3");
        assertThat(jobList.hostsCoordinator()).isTrue();
    }

    @Test
    void shouldReadSlurmTasksPerNodeInCompressedForm() {
        assertThat(LaunchEnvironment.slurmLocalSize(env("SLURM_STEP_TASKS_PER_NODE", "4(x2),1", "SLURM_NODEID", "1"), 9))
                .isEqualTo(4);
        assertThat(LaunchEnvironment.slurmLocalSize(env("SLURM_STEP_TASKS_PER_NODE", "4(x2),1", "SLURM_NODEID", "2"), 9))
                .isEqualTo(1);
        assertThat(LaunchEnvironment.slurmLocalSize(env("SLURM_NTASKS_PER_NODE", "8"), 16)).isEqualTo(8);
        assertThat(LaunchEnvironment.slurmLocalSize(env(), 16)).isEqualTo(16);
    }

    @Test
    void shouldBeASingletonInASlurmBatchScriptWithoutSrun() {
        BootstrapInfo info = detect(env("SLURM_PROCID", "0", "SLURM_NTASKS", "4", "SLURM_JOB_ID", "99",
                "SLURM_JOB_NODELIST", "n[1-2]"));
        assertThat(info.size()).isEqualTo(1);
        assertThat(info.coordinator()).isNull();
    }

    @Test
    void shouldDeriveSlurmPortsInRange() {
        for (String job : new String[] {"0", "1", "1249", "99999999", "not-a-number"}) {
            int port = LaunchEnvironment.slurmPort(env("SLURM_JOB_ID", job, "SLURM_STEP_ID", "15"));
            assertThat(port).isBetween(20000, 39999);
        }
    }

    @Test
    void shouldReadTorchrunStyleVariables() {
        BootstrapInfo info = detect(env("RANK", "1", "WORLD_SIZE", "3", "LOCAL_RANK", "1",
                "LOCAL_WORLD_SIZE", "3", "MASTER_ADDR", "127.0.0.1", "MASTER_PORT", "29400"));
        assertThat(info.origin()).isEqualTo("torchrun-style");
        assertThat(info.rank()).isEqualTo(1);
        assertThat(info.size()).isEqualTo(3);
        assertThat(info.localRank()).isEqualTo(1);
        assertThat(info.coordinator().getPort()).isEqualTo(29400);
        assertThat(info.jobId()).isEqualTo("root-127.0.0.1:29400");
    }

    @Test
    void shouldRunOneRankJobsWithoutACoordinator() {
        BootstrapInfo info = detect(env("RANK", "0", "WORLD_SIZE", "1"));
        assertThat(info.size()).isEqualTo(1);
        assertThat(info.coordinator()).isNull();
        assertThat(info.origin()).contains("torchrun-style");
    }

    // ---- Order of precedence ----

    @Test
    void shouldPreferExplicitConfigurationOverEveryLauncher() {
        Properties props = new Properties();
        props.setProperty("jmpi.rank", "1");
        props.setProperty("jmpi.size", "2");
        props.setProperty("jmpi.root", "127.0.0.1:6000");
        props.setProperty("jmpi.startupTimeout", "7");
        BootstrapInfo info = LaunchEnvironment.detect(env(with(SLURM, "OMPI_COMM_WORLD_SIZE", "4",
                "OMPI_COMM_WORLD_RANK", "3", "JMPI_COORDINATOR", "127.0.0.1:1")), props);
        assertThat(info.origin()).isEqualTo("explicit configuration");
        assertThat(info.rank()).isEqualTo(1);
        assertThat(info.size()).isEqualTo(2);
        assertThat(info.coordinator().getPort()).isEqualTo(6000);
        assertThat(info.rendezvous()).isEqualTo("-Djmpi.root");
        assertThat(info.startupTimeout()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void shouldPreferJmpiexecThenOpenMpiThenHydraThenSlurmThenTorchrun() {
        String[] torch = {"RANK", "1", "WORLD_SIZE", "9", "MASTER_ADDR", "h", "MASTER_PORT", "9"};
        String[] slurm = with(torch, SLURM);
        String[] hydra = with(slurm, "PMI_RANK", "0", "PMI_SIZE", "5");
        String[] ompi = with(hydra, "OMPI_COMM_WORLD_RANK", "1", "OMPI_COMM_WORLD_SIZE", "6");
        String[] jmpiexec = with(ompi, "JMPI_COORDINATOR", "127.0.0.1:1");
        assertThat(detect(env(torch)).origin()).isEqualTo("torchrun-style");
        assertThat(detect(env(slurm)).origin()).isEqualTo("Slurm");
        assertThat(detect(env(hydra)).origin()).isEqualTo("MPICH Hydra");
        assertThat(detect(env(ompi)).origin()).isEqualTo("Open MPI mpirun");
        assertThat(detect(env(jmpiexec)).origin()).isEqualTo("jmpiexec");
        assertThat(detect(env(ompi)).size()).isEqualTo(6);
    }

    @Test
    void shouldPreferMasterAddressOverTheSlurmNodeList() {
        BootstrapInfo info = detect(env(with(SLURM, "MASTER_ADDR", "head", "MASTER_PORT", "5555")));
        assertThat(info.coordinator().getHostString()).isEqualTo("head");
        assertThat(info.coordinator().getPort()).isEqualTo(5555);
        assertThat(info.jobId()).isEqualTo("slurm-1234.3");
    }

    // ---- No rendezvous: an error that says what to set ----

    @Test
    void shouldRefuseSilentSingletonsUnderOpenMpi() {
        assertThatThrownBy(() -> detect(env("OMPI_COMM_WORLD_SIZE", "4", "OMPI_COMM_WORLD_RANK", "1")))
                .isInstanceOf(MpiException.class)
                .hasMessageContaining("rank 1 of 4")
                .hasMessageContaining("Open MPI mpirun")
                .hasMessageContaining("-x MASTER_ADDR=")
                .hasMessageContaining("MASTER_PORT")
                .hasMessageContaining("JMPI_ROOT")
                .hasMessageContaining("jmpiexec")
                .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_OTHER));
    }

    @Test
    void shouldRefuseSilentSingletonsUnderHydraAndTorchrunStyle() {
        assertThatThrownBy(() -> detect(env("PMI_RANK", "0", "PMI_SIZE", "2")))
                .hasMessageContaining("MPICH Hydra").hasMessageContaining("MASTER_ADDR").hasMessageContaining("JMPI_ROOT");
        assertThatThrownBy(() -> detect(env("RANK", "0", "WORLD_SIZE", "2")))
                .hasMessageContaining("torchrun-style").hasMessageContaining("MASTER_ADDR and MASTER_PORT");
        assertThatThrownBy(() -> detect(env("RANK", "0", "WORLD_SIZE", "2", "MASTER_ADDR", "h")))
                .hasMessageContaining("MASTER_PORT is not");
    }

    @Test
    void shouldRefuseSlurmStepWithoutNodeList() {
        assertThatThrownBy(() -> detect(env("SLURM_PROCID", "0", "SLURM_NTASKS", "2", "SLURM_STEP_ID", "0")))
                .hasMessageContaining("Slurm").hasMessageContaining("JMPI_ROOT");
    }

    @Test
    void shouldRejectBadRendezvousValues() {
        assertThatThrownBy(() -> detect(env("RANK", "0", "WORLD_SIZE", "2", "JMPI_ROOT", "nohostport")))
                .hasMessageContaining("JMPI_ROOT='nohostport' is not host:port");
        assertThatThrownBy(() -> detect(env("RANK", "0", "WORLD_SIZE", "2", "MASTER_ADDR", "h", "MASTER_PORT", "70000")))
                .hasMessageContaining("MASTER_PORT=70000");
        assertThatThrownBy(() -> detect(env("JMPI_STARTUP_TIMEOUT", "soon")))
                .hasMessageContaining("JMPI_STARTUP_TIMEOUT");
    }
}

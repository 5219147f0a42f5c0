package io.jmpi.internal.bootstrap;

import io.jmpi.MpiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlurmHostlistTest {

    @Test
    void shouldExpandRangesAndListsKeepingZeroPadding() {
        assertThat(SlurmHostlist.expand("node[01-03,07],gpu2"))
                .containsExactly("node01", "node02", "node03", "node07", "gpu2");
    }

    @Test
    void shouldKeepPlainNamesAndSingleHosts() {
        assertThat(SlurmHostlist.expand("localhost")).containsExactly("localhost");
        assertThat(SlurmHostlist.expand("a,b , c")).containsExactly("a", "b", "c");
        assertThat(SlurmHostlist.expand("n[7]")).containsExactly("n7");
    }

    @Test
    void shouldExpandSeveralBracketGroupsAsAProduct() {
        assertThat(SlurmHostlist.expand("rack[1-2]-node[1-2]"))
                .containsExactly("rack1-node1", "rack1-node2", "rack2-node1", "rack2-node2");
    }

    @Test
    void shouldKeepSuffixesAndWidenPastPadding() {
        assertThat(SlurmHostlist.expand("cn[098-101].cluster"))
                .containsExactly("cn098.cluster", "cn099.cluster", "cn100.cluster", "cn101.cluster");
    }

    @Test
    void shouldGiveTheFirstHostWithoutExpandingTheRest() {
        assertThat(SlurmHostlist.first("gpu[10-99999],cpu1")).isEqualTo("gpu10");
        assertThat(SlurmHostlist.first("node[01-03,07],gpu2")).isEqualTo("node01");
    }

    @Test
    void shouldRejectMalformedLists() {
        assertThatThrownBy(() -> SlurmHostlist.expand("node[1-3")).isInstanceOf(MpiException.class)
                .hasMessageContaining("node[1-3");
        assertThatThrownBy(() -> SlurmHostlist.expand("node[3-1]")).isInstanceOf(MpiException.class)
                .hasMessageContaining("backwards");
        assertThatThrownBy(() -> SlurmHostlist.expand("node[a-b]")).isInstanceOf(MpiException.class);
        assertThatThrownBy(() -> SlurmHostlist.first(" , ")).isInstanceOf(MpiException.class);
    }
}

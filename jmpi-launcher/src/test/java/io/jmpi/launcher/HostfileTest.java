package io.jmpi.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class HostfileTest {
    @Test
    void shouldReadOpenMpisFormatWithComments() {
        String text = String.join("\n",
                "# the cluster",
                "node1 slots=4 max_slots=8   # big one",
                "",
                "   node2",
                "node3 max_slots=2",
                "node1 slots=2",
                "node4 count=3");

        assertThat(Hostfile.parse(text, "f")).containsExactly(
                new HostSlots("node1", 6, HostSlots.UNLIMITED), // listed twice: slots add up, one limit is unlimited
                new HostSlots("node2", 1, HostSlots.UNLIMITED),
                new HostSlots("node3", 1, 2),
                new HostSlots("node4", 3, HostSlots.UNLIMITED));
    }

    @Test
    void shouldRejectMalformedLinesNamingTheLine() {
        assertThatThrownBy(() -> Hostfile.parse("a\nb slots=x", "hf")).isInstanceOf(UsageException.class)
                .hasMessageContaining("hf:2").hasMessageContaining("'x'");
        assertThatThrownBy(() -> Hostfile.parse("a cores=2", "hf")).isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown field 'cores'");
        assertThatThrownBy(() -> Hostfile.parse("a slots=4 max_slots=2", "hf")).isInstanceOf(UsageException.class)
                .hasMessageContaining("max_slots=2 is less than slots=4");
        assertThatThrownBy(() -> Hostfile.read(java.nio.file.Path.of("/no/such/hostfile")))
                .isInstanceOf(UsageException.class).hasMessageContaining("cannot read hostfile");
    }

    @Test
    void shouldParseHostOptionsAndAddSlotsOfRepeatedHosts() {
        assertThat(HostList.parse(List.of("a:2,b", "a,[::1]:3"))).containsExactly(
                new HostSlots("a", 3, HostSlots.UNLIMITED), new HostSlots("b", 1, HostSlots.UNLIMITED),
                new HostSlots("::1", 3, HostSlots.UNLIMITED));
        assertThatThrownBy(() -> HostList.parse(List.of("a:0"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> HostList.parse(List.of("a,,b"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("empty host name");
    }
}

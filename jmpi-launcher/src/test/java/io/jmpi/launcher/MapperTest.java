package io.jmpi.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class MapperTest {
    private static final List<HostSlots> A2_B1 = List.of(new HostSlots("a", 2, HostSlots.UNLIMITED),
            new HostSlots("b", 1, HostSlots.UNLIMITED));

    private static Mapper.Mapping map(List<HostSlots> hosts, int n, int perNode, Mapper.MapBy by, boolean over) {
        return Mapper.map(hosts, n, perNode, by, over, "me", h -> h.equals("me") || h.equals("localhost"));
    }

    private static List<String> hosts(Mapper.Mapping m) {
        return m.ranks().stream().map(RankPlacement::host).toList();
    }

    @Test
    void shouldRunAnyNumberOfRanksOnThisMachineWhenNoHostIsGiven() {
        Mapper.Mapping m = map(List.of(), 7, 0, Mapper.MapBy.SLOT, false);

        assertThat(m.ranks()).hasSize(7).allMatch(RankPlacement::local).allMatch(p -> p.host().equals("me"));
        assertThat(m.ranks()).extracting(RankPlacement::localRank).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(m.ranks()).allMatch(p -> p.localSize() == 7 && p.hostIndex() == 0);
        assertThat(m.universeSize()).isEqualTo(7);
        assertThat(m.hasRemoteRanks()).isFalse();
    }

    @Test
    void shouldFillSlotsInHostOrderByDefault() {
        Mapper.Mapping m = map(A2_B1, 3, 0, Mapper.MapBy.SLOT, false);

        assertThat(hosts(m)).containsExactly("a", "a", "b");
        assertThat(m.ranks()).extracting(RankPlacement::localRank).containsExactly(0, 1, 0);
        assertThat(m.ranks()).extracting(RankPlacement::localSize).containsExactly(2, 2, 1);
        assertThat(m.ranks()).extracting(RankPlacement::hostIndex).containsExactly(0, 0, 1);
        assertThat(m.ranks()).noneMatch(RankPlacement::local);
        assertThat(m.universeSize()).isEqualTo(3);
    }

    @Test
    void shouldDealRanksToHostsInTurnWithMapByNode() {
        Mapper.Mapping m = map(A2_B1, 3, 0, Mapper.MapBy.NODE, false);

        assertThat(hosts(m)).containsExactly("a", "b", "a");
        assertThat(m.ranks()).extracting(RankPlacement::localRank).containsExactly(0, 0, 1);
        assertThat(m.ranks()).extracting(RankPlacement::localSize).containsExactly(2, 1, 2);
    }

    @Test
    void shouldUseEverySlotWhenNoRankCountIsGiven() {
        assertThat(map(A2_B1, 0, 0, Mapper.MapBy.SLOT, false).ranks()).hasSize(3);
    }

    @Test
    void shouldUseOnlyTheHostsNeeded() {
        Mapper.Mapping m = map(A2_B1, 2, 0, Mapper.MapBy.SLOT, false);

        assertThat(hosts(m)).containsExactly("a", "a");
        assertThat(m.universeSize()).isEqualTo(3);
    }

    @Test
    void shouldRefuseMoreRanksThanSlotsWithoutOversubscribe() {
        assertThatThrownBy(() -> map(A2_B1, 4, 0, Mapper.MapBy.SLOT, false)).isInstanceOf(UsageException.class)
                .hasMessageContaining("not enough slots for 4 ranks").hasMessageContaining("a slots=2, b slots=1")
                .hasMessageContaining("--oversubscribe");
    }

    @Test
    void shouldDealExtraRanksInTurnWhenOversubscribing() {
        Mapper.Mapping m = map(A2_B1, 5, 0, Mapper.MapBy.SLOT, true);

        // 3 slots filled, then one more on a and one on b; slot mapping keeps a's ranks together
        assertThat(hosts(m)).containsExactly("a", "a", "a", "b", "b");
        assertThat(m.universeSize()).isEqualTo(5);
    }

    @Test
    void shouldNeverExceedMaxSlots() {
        List<HostSlots> hosts = List.of(new HostSlots("a", 1, 2), new HostSlots("b", 1, 1));

        assertThat(hosts(map(hosts, 3, 0, Mapper.MapBy.SLOT, true))).containsExactly("a", "a", "b");
        assertThatThrownBy(() -> map(hosts, 4, 0, Mapper.MapBy.SLOT, true)).isInstanceOf(UsageException.class)
                .hasMessageContaining("max_slots");
    }

    @Test
    void shouldPlaceNRanksPerHostWithDashCapitalN() {
        List<HostSlots> hosts = List.of(new HostSlots("a", 4, HostSlots.UNLIMITED),
                new HostSlots("b", 4, HostSlots.UNLIMITED));

        assertThat(hosts(map(hosts, 0, 2, Mapper.MapBy.SLOT, false))).containsExactly("a", "a", "b", "b");
        assertThat(hosts(map(hosts, 3, 2, Mapper.MapBy.SLOT, false))).containsExactly("a", "a", "b");
        assertThat(hosts(map(hosts, 0, 2, Mapper.MapBy.NODE, false))).containsExactly("a", "b", "a", "b");
        assertThatThrownBy(() -> map(hosts, 5, 2, Mapper.MapBy.SLOT, false)).isInstanceOf(UsageException.class)
                .hasMessageContaining("-N 2");
        assertThatThrownBy(() -> map(hosts, 0, 5, Mapper.MapBy.SLOT, false)).isInstanceOf(UsageException.class)
                .hasMessageContaining("--oversubscribe");
        assertThat(map(hosts, 0, 5, Mapper.MapBy.SLOT, true).ranks()).hasSize(10);
        assertThat(map(List.of(), 0, 3, Mapper.MapBy.SLOT, false).ranks()).hasSize(3);
    }

    @Test
    void shouldStartLocalHostsWithoutTheAgent() {
        List<HostSlots> hosts = List.of(new HostSlots("localhost", 1, HostSlots.UNLIMITED),
                new HostSlots("far", 1, HostSlots.UNLIMITED));
        Mapper.Mapping m = map(hosts, 2, 0, Mapper.MapBy.SLOT, false);

        assertThat(m.ranks()).extracting(RankPlacement::local).containsExactly(true, false);
        assertThat(m.hasRemoteRanks()).isTrue();
    }

    @Test
    void shouldRejectAMissingRankCountWithoutHosts() {
        assertThatThrownBy(() -> map(List.of(), 0, 0, Mapper.MapBy.SLOT, false)).isInstanceOf(UsageException.class)
                .hasMessageContaining("-n N");
    }

    @Test
    void shouldParseMapByValues() {
        assertThat(Mapper.MapBy.parse("node")).isEqualTo(Mapper.MapBy.NODE);
        assertThat(Mapper.MapBy.parse("SLOT")).isEqualTo(Mapper.MapBy.SLOT);
        assertThatThrownBy(() -> Mapper.MapBy.parse("socket")).isInstanceOf(UsageException.class)
                .hasMessageContaining("slot or node");
    }
}

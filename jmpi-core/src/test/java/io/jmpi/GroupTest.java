package io.jmpi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Groups (mpi4py's {@code test_group}): local set operations on ordered process sets. */
class GroupTest {
    /** A group of job ranks 10..15 as seen by job rank 12. */
    private final Group g = new Group(new int[] {10, 11, 12, 13, 14, 15}, 12);

    @Test
    void shouldKnowItsSizeAndTheCallersRank() {
        assertThat(g.getSize()).isEqualTo(6);
        assertThat(g.getRank()).isEqualTo(2);
        assertThat(g.incl(0, 1).getRank()).isEqualTo(MPI.UNDEFINED);
        assertThat(MPI.GROUP_EMPTY.getSize()).isZero();
        assertThat(MPI.GROUP_EMPTY.getRank()).isEqualTo(MPI.UNDEFINED);
    }

    @Test
    void shouldIncludeAndExcludeInTheGivenOrder() {
        Group sub = g.incl(4, 0, 2);
        assertThat(sub.members()).containsExactly(14, 10, 12);
        assertThat(sub.getRank()).isEqualTo(2);
        assertThat(g.excl(0, 5).members()).containsExactly(11, 12, 13, 14);
        assertThat(g.incl().getSize()).isZero();
        assertThat(g.rangeIncl(new int[] {0, 4, 2}, new int[] {5, 5, 1}).members()).containsExactly(10, 12, 14, 15);
        assertThat(g.rangeIncl(new int[] {5, 1, -2}).members()).containsExactly(15, 13, 11);
        assertThat(g.rangeExcl(new int[] {1, 4, 1}).members()).containsExactly(10, 15);
    }

    @Test
    void shouldCombineGroups() {
        Group a = g.incl(0, 1, 2, 3);
        Group b = g.incl(5, 3, 1);
        assertThat(Group.union(a, b).members()).containsExactly(10, 11, 12, 13, 15);
        assertThat(Group.intersection(a, b).members()).containsExactly(11, 13);
        assertThat(Group.intersection(b, a).members()).containsExactly(13, 11);
        assertThat(Group.difference(a, b).members()).containsExactly(10, 12);
        assertThat(Group.difference(a, a).getSize()).isZero();
    }

    @Test
    void shouldCompareGroups() {
        assertThat(Group.compare(g, g.incl(0, 1, 2, 3, 4, 5))).isEqualTo(MPI.IDENT);
        assertThat(Group.compare(g, g.incl(5, 4, 3, 2, 1, 0))).isEqualTo(MPI.SIMILAR);
        assertThat(Group.compare(g, g.excl(0))).isEqualTo(MPI.UNEQUAL);
    }

    @Test
    void shouldTranslateRanks() {
        Group b = g.incl(5, 3, 1);
        assertThat(Group.translateRanks(g, new int[] {1, 3, 5, 0, MPI.PROC_NULL}, b))
                .containsExactly(2, 1, 0, MPI.UNDEFINED, MPI.PROC_NULL);
    }

    @Test
    void shouldNameBadArguments() {
        assertThatThrownBy(() -> g.incl(6))
                .isInstanceOf(MpiException.class)
                .hasMessageContaining("ranks[0] = 6")
                .hasMessageContaining("size 6")
                .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_RANK));
        assertThatThrownBy(() -> g.incl(1, 1)).isInstanceOf(MpiException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> g.excl(-1)).isInstanceOf(MpiException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> g.rangeIncl(new int[] {0, 3, 0}))
                .isInstanceOf(MpiException.class)
                .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_ARG));
        assertThatThrownBy(() -> Group.translateRanks(g, new int[] {9}, g))
                .isInstanceOf(MpiException.class).hasMessageContaining("ranks1[0] = 9");
    }
}

package io.jmpi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An ordered set of processes, as seen by the calling rank: the members of a communicator
 * ({@code comm.getGroup()}), or a group built from others. Groups are local objects: building
 * one involves no communication.
 *
 * <p>Immutable and thread-safe.
 *
 * <p>MPI: MPI_Group; mpi4py: {@code MPI.Group}.
 */
public final class Group {
    /** The group with no members. MPI: MPI_GROUP_EMPTY; mpi4py: {@code MPI.GROUP_EMPTY}. */
    public static final Group EMPTY = new Group(new int[0], -1);

    /** Members in group order, as ranks of the job. */
    private final int[] members;
    /** The calling process's rank in the job. */
    private final int self;

    Group(int[] members, int self) {
        this.members = members;
        this.self = self;
    }

    /** @return the members in group order, as ranks of the job */
    int[] members() {
        return members.clone();
    }

    /**
     * Returns the number of processes in the group.
     *
     * <p>MPI: MPI_Group_size; mpi4py: {@code Group.Get_size()} / {@code Group.size}.
     *
     * @return the size
     */
    public int getSize() {
        return members.length;
    }

    /**
     * Returns the calling process's rank in the group, or {@link MPI#UNDEFINED} if it is not a
     * member.
     *
     * <p>MPI: MPI_Group_rank; mpi4py: {@code Group.Get_rank()} / {@code Group.rank}.
     *
     * @return the rank
     */
    public int getRank() {
        return indexOf(self);
    }

    private int indexOf(int worldRank) {
        for (int i = 0; i < members.length; i++) {
            if (members[i] == worldRank) {
                return i;
            }
        }
        return MPI.UNDEFINED;
    }

    /**
     * Translates ranks of {@code group1} into ranks of {@code group2}: {@link MPI#UNDEFINED} for
     * processes not in {@code group2}, {@link MPI#PROC_NULL} for {@code PROC_NULL}.
     *
     * <p>MPI: MPI_Group_translate_ranks; mpi4py: {@code Group.Translate_ranks(group1, ranks1, group2)}.
     *
     * @param group1 the group the ranks belong to
     * @param ranks1 ranks of {@code group1}
     * @param group2 the group to translate into
     * @return the ranks in {@code group2}
     * @throws MpiException {@code ERR_RANK} naming a rank outside {@code group1}
     */
    public static int[] translateRanks(Group group1, int[] ranks1, Group group2) {
        int[] out = new int[ranks1.length];
        for (int i = 0; i < ranks1.length; i++) {
            int r = ranks1[i];
            if (r == MPI.PROC_NULL) {
                out[i] = MPI.PROC_NULL;
                continue;
            }
            group1.checkRank("ranks1[" + i + "]", r);
            out[i] = group2.indexOf(group1.members[r]);
        }
        return out;
    }

    /**
     * Compares two groups: {@link MPI#IDENT} (same members in the same order),
     * {@link MPI#SIMILAR} (same members, another order) or {@link MPI#UNEQUAL}.
     *
     * <p>MPI: MPI_Group_compare; mpi4py: {@code Group.Compare(group1, group2)}.
     *
     * @param group1 a group
     * @param group2 another group
     * @return the result
     */
    public static int compare(Group group1, Group group2) {
        if (Arrays.equals(group1.members, group2.members)) {
            return MPI.IDENT;
        }
        int[] a = group1.members.clone();
        int[] b = group2.members.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        return Arrays.equals(a, b) ? MPI.SIMILAR : MPI.UNEQUAL;
    }

    /**
     * The members of {@code group1}, then those of {@code group2} not in {@code group1}.
     *
     * <p>MPI: MPI_Group_union; mpi4py: {@code Group.Union(group1, group2)}.
     *
     * @param group1 a group
     * @param group2 another group
     * @return the union
     */
    public static Group union(Group group1, Group group2) {
        Set<Integer> all = new LinkedHashSet<>();
        for (int m : group1.members) {
            all.add(m);
        }
        for (int m : group2.members) {
            all.add(m);
        }
        return group1.derive(all.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The members of {@code group1} that are also in {@code group2}, in {@code group1}'s order.
     *
     * <p>MPI: MPI_Group_intersection; mpi4py: {@code Group.Intersection(group1, group2)}.
     *
     * @param group1 a group
     * @param group2 another group
     * @return the intersection
     */
    public static Group intersection(Group group1, Group group2) {
        return group1.derive(Arrays.stream(group1.members).filter(m -> group2.indexOf(m) != MPI.UNDEFINED).toArray());
    }

    /**
     * The members of {@code group1} that are not in {@code group2}, in {@code group1}'s order.
     *
     * <p>MPI: MPI_Group_difference; mpi4py: {@code Group.Difference(group1, group2)}.
     *
     * @param group1 a group
     * @param group2 another group
     * @return the difference
     */
    public static Group difference(Group group1, Group group2) {
        return group1.derive(Arrays.stream(group1.members).filter(m -> group2.indexOf(m) == MPI.UNDEFINED).toArray());
    }

    /**
     * The group of the members with the given ranks, in that order.
     *
     * <p>MPI: MPI_Group_incl; mpi4py: {@code Group.Incl(ranks)}.
     *
     * @param ranks distinct ranks of this group
     * @return the new group
     * @throws MpiException {@code ERR_RANK} for a rank outside the group or given twice
     */
    public Group incl(int... ranks) {
        boolean[] seen = new boolean[members.length];
        int[] out = new int[ranks.length];
        for (int i = 0; i < ranks.length; i++) {
            int r = ranks[i];
            checkRank("ranks[" + i + "]", r);
            if (seen[r]) {
                throw new MpiException(ErrorClass.ERR_RANK, "ranks[" + i + "] = " + r + " is given twice");
            }
            seen[r] = true;
            out[i] = members[r];
        }
        return derive(out);
    }

    /**
     * The group of the members whose ranks are not given, in this group's order.
     *
     * <p>MPI: MPI_Group_excl; mpi4py: {@code Group.Excl(ranks)}.
     *
     * @param ranks distinct ranks of this group
     * @return the new group
     * @throws MpiException {@code ERR_RANK} for a rank outside the group or given twice
     */
    public Group excl(int... ranks) {
        boolean[] drop = new boolean[members.length];
        for (int i = 0; i < ranks.length; i++) {
            int r = ranks[i];
            checkRank("ranks[" + i + "]", r);
            if (drop[r]) {
                throw new MpiException(ErrorClass.ERR_RANK, "ranks[" + i + "] = " + r + " is given twice");
            }
            drop[r] = true;
        }
        List<Integer> out = new ArrayList<>();
        for (int r = 0; r < members.length; r++) {
            if (!drop[r]) {
                out.add(members[r]);
            }
        }
        return derive(out.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The group of the members in the given ranges, each {@code {first, last, stride}}.
     *
     * <p>MPI: MPI_Group_range_incl; mpi4py: {@code Group.Range_incl(ranks)}.
     *
     * @param ranges triples of first rank, last rank (inclusive) and stride
     * @return the new group
     * @throws MpiException {@code ERR_ARG} for a malformed range, {@code ERR_RANK} for a rank
     *     outside the group or given twice
     */
    public Group rangeIncl(int[]... ranges) {
        return incl(expand(ranges));
    }

    /**
     * The group without the members in the given ranges, each {@code {first, last, stride}}.
     *
     * <p>MPI: MPI_Group_range_excl; mpi4py: {@code Group.Range_excl(ranks)}.
     *
     * @param ranges triples of first rank, last rank (inclusive) and stride
     * @return the new group
     */
    public Group rangeExcl(int[]... ranges) {
        return excl(expand(ranges));
    }

    /**
     * Releases the group (nothing to release: groups are ordinary objects).
     *
     * <p>MPI: MPI_Group_free; mpi4py: {@code Group.Free()}.
     */
    public void free() {
        // groups hold no resources
    }

    private static int[] expand(int[][] ranges) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < ranges.length; i++) {
            int[] t = ranges[i];
            if (t == null || t.length != 3 || t[2] == 0) {
                throw new MpiException(ErrorClass.ERR_ARG, "ranges[" + i + "] = " + Arrays.toString(t)
                        + " is not {first, last, stride} with a stride other than 0");
            }
            if ((t[2] > 0 && t[0] > t[1]) || (t[2] < 0 && t[0] < t[1])) {
                throw new MpiException(ErrorClass.ERR_ARG, "ranges[" + i + "] = " + Arrays.toString(t)
                        + " never reaches its last rank with that stride");
            }
            for (int r = t[0]; t[2] > 0 ? r <= t[1] : r >= t[1]; r += t[2]) {
                out.add(r);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private void checkRank(String what, int r) {
        if (r < 0 || r >= members.length) {
            throw new MpiException(ErrorClass.ERR_RANK, what + " = " + r + " is not a rank of a group of size "
                    + members.length + ": use 0.." + (members.length - 1));
        }
    }

    private Group derive(int[] newMembers) {
        return new Group(newMembers, self);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Group g && Arrays.equals(members, g.members);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(members);
    }

    @Override
    public String toString() {
        return "Group" + Arrays.toString(members);
    }
}

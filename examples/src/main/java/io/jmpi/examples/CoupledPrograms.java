package io.jmpi.examples;

import io.jmpi.Buf;
import io.jmpi.Intercomm;
import io.jmpi.Intracomm;
import io.jmpi.MPI;
import io.jmpi.Op;
import io.jmpi.Session;

/**
 * Two coupled programs on one job, joined by an intercommunicator: COMM_WORLD is split into an
 * "ocean" half and an "atmosphere" half ({@code split} + {@code createIntercomm}). The ocean's
 * first rank broadcasts the coupling parameters to the atmosphere ({@code bcast} with
 * {@code MPI.ROOT} / {@code MPI.PROC_NULL}); each step, ocean rank i and atmosphere rank i swap
 * their surface temperatures ({@code sendrecv} naming the remote rank) and relax towards each
 * other, and each model learns the other's total heat with an intercommunicator
 * {@code allreduce}. The exchange conserves heat, which the check line states.
 *
 * <pre>jmpiexec -n 4 java -cp examples/target/jmpi-examples.jar io.jmpi.examples.CoupledPrograms [steps]</pre>
 *
 * Prints "total heat conserved" and exits 0, or exits 1 if the total changed. Needs at least
 * two ranks.
 */
public final class CoupledPrograms {
    private CoupledPrograms() {
    }

    /** Group 0 of the split: the first half of the world (rounded up). */
    public static final int OCEAN = 0;
    /** Group 1 of the split: the second half of the world. */
    public static final int ATMOSPHERE = 1;

    /**
     * Runs it.
     *
     * @param args optional number of steps (default 10)
     */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        boolean ok = true;
        try (Session session = MPI.init(args)) {
            Intracomm world = MPI.COMM_WORLD;
            Result r = run(world, steps);
            if (world.getRank() == 0) {
                ok = r.conserved();
                System.out.printf("coupled programs on %d ranks, %d steps: ocean heat %.6f, atmosphere heat %.6f,"
                        + " total %.6f (initially %.6f); %s%n", world.getSize(), steps, r.oceanHeat(), r.atmosphereHeat(),
                        r.oceanHeat() + r.atmosphereHeat(), r.initialHeat(),
                        ok ? "total heat conserved" : "total heat NOT conserved");
            }
        }
        if (!ok) {
            System.exit(1);
        }
    }

    /**
     * What every rank knows at the end.
     *
     * @param oceanHeat the ocean's total heat
     * @param atmosphereHeat the atmosphere's total heat
     * @param initialHeat the total heat of both models before the first step
     * @param myTemperature this rank's final surface temperature
     */
    public record Result(double oceanHeat, double atmosphereHeat, double initialHeat, double myTemperature) {
        /** @return whether the total heat is the initial one (to rounding) */
        public boolean conserved() {
            return Math.abs(oceanHeat + atmosphereHeat - initialHeat) <= 1e-9 * Math.max(1, Math.abs(initialHeat));
        }
    }

    /** The initial surface temperature of rank {@code rank} of a model. */
    static double initial(int model, int rank) {
        return model == OCEAN ? 15.0 + rank : 5.0 - 0.5 * rank;
    }

    /**
     * Runs {@code steps} coupling steps on {@code world} (at least two ranks).
     *
     * @param world the communicator to split into the two models
     * @param steps the number of steps
     * @return the heat of both models, as every rank sees it
     */
    public static Result run(Intracomm world, int steps) {
        int p = world.getSize();
        if (p < 2) {
            throw new IllegalArgumentException("CoupledPrograms needs at least 2 ranks, not " + p);
        }
        int half = (p + 1) / 2;
        int model = world.getRank() < half ? OCEAN : ATMOSPHERE;
        Intracomm local = world.split(model, world.getRank());
        // the local leaders are local rank 0 of each half: world ranks 0 and half
        Intercomm coupler = local.createIntercomm(0, world, model == OCEAN ? half : 0, 7);
        int me = local.getRank();

        // the ocean's first rank sets the coupling coefficient for both models
        double[] params = {model == OCEAN && me == 0 ? 0.25 : 0};
        if (model == OCEAN) {
            params[0] = local.bcast(params[0], 0);
            coupler.bcast(Buf.of(params), me == 0 ? MPI.ROOT : MPI.PROC_NULL);
        } else {
            coupler.bcast(Buf.of(params), 0);
        }
        double k = params[0];

        double t = initial(model, me);
        double initialHeat = local.allreduce(t, Op.SUM) + (Double) coupler.allreduce(t, Op.SUM);
        double[] theirs = new double[1];
        double ownHeat = 0;
        double otherHeat = 0;
        for (int step = 0; step < steps; step++) {
            // boundary exchange with the rank of the same number in the other model, if any
            if (me < coupler.getRemoteSize()) {
                coupler.sendrecv(Buf.of(new double[] {t}), me, step, Buf.of(theirs), me, step);
                t += k * (theirs[0] - t);
            }
            ownHeat = local.allreduce(t, Op.SUM);
            otherHeat = coupler.allreduce(t, Op.SUM);
        }
        if (steps == 0) {
            ownHeat = local.allreduce(t, Op.SUM);
            otherHeat = coupler.allreduce(t, Op.SUM);
        }
        coupler.free();
        local.free();
        return model == OCEAN ? new Result(ownHeat, otherHeat, initialHeat, t) : new Result(otherHeat, ownHeat, initialHeat, t);
    }

    /**
     * The same computation on one thread.
     *
     * @param size the number of ranks
     * @param steps the number of steps
     * @return the final temperatures: [OCEAN] by ocean rank, [ATMOSPHERE] by atmosphere rank
     */
    public static double[][] serial(int size, int steps) {
        int half = (size + 1) / 2;
        double[][] t = {new double[half], new double[size - half]};
        for (int m = 0; m < 2; m++) {
            for (int r = 0; r < t[m].length; r++) {
                t[m][r] = initial(m, r);
            }
        }
        double k = 0.25;
        for (int step = 0; step < steps; step++) {
            for (int r = 0; r < t[ATMOSPHERE].length; r++) {
                double o = t[OCEAN][r];
                double a = t[ATMOSPHERE][r];
                t[OCEAN][r] = o + k * (a - o);
                t[ATMOSPHERE][r] = a + k * (o - a);
            }
        }
        return t;
    }
}

package io.jmpi.internal.bootstrap;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The check, at start-up, that every rank serializes objects alike: the same strict mode and
 * the same registrations by id, the same Kryo and jmpi serializers
 * ({@link io.jmpi.serial.ObjectSerializer#agreement()}), or
 * objects would be misread or refused later. Ranks compare digests; only when they differ are
 * the registrations themselves fetched, to name the first difference.
 */
public final class SerialAgreement {
    private SerialAgreement() {
    }

    /**
     * One rank's registrations and their digest.
     *
     * @param digest the SHA-256 of the lines, in hex
     * @param lines the registrations, one line each
     */
    public record Fingerprint(String digest, List<String> lines) {
        /**
         * Fingerprints {@code lines}.
         *
         * @param lines the registrations
         * @return the fingerprint
         */
        public static Fingerprint of(List<String> lines) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                byte[] d = sha.digest(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
                return new Fingerprint(HexFormat.of().formatHex(d), List.copyOf(lines));
            } catch (NoSuchAlgorithmException e) {
                throw new MpiException(ErrorClass.ERR_INTERN, "SHA-256 is not available: " + e, e);
            }
        }
    }

    /**
     * Returns the ranks whose digest differs from rank 0's.
     *
     * @param size the number of ranks
     * @param digestOf each rank's digest
     * @return the ranks, in order; empty when all agree
     */
    public static List<Integer> differing(int size, IntFunction<String> digestOf) {
        String reference = digestOf.apply(0);
        List<Integer> ranks = new ArrayList<>();
        for (int r = 1; r < size; r++) {
            if (!reference.equals(digestOf.apply(r))) {
                ranks.add(r);
            }
        }
        return ranks;
    }

    /**
     * Explains a disagreement: the first line (mode, versions or registration, as
     * {@link io.jmpi.serial.ObjectSerializer#agreement()} writes them) where the first differing
     * rank and rank 0 differ, and all the ranks that differ from rank 0.
     *
     * @param differing the ranks that differ from rank 0 (not empty)
     * @param zero rank 0's registrations
     * @param first the registrations of {@code differing.get(0)}
     * @return the message
     */
    public static String explain(List<Integer> differing, List<String> zero, List<String> first) {
        int r = differing.get(0);
        int i = 0;
        while (i < zero.size() && i < first.size() && zero.get(i).equals(first.get(i))) {
            i++;
        }
        String theirs = i < first.size() ? first.get(i) : "(nothing more)";
        String ours = i < zero.size() ? zero.get(i) : "(nothing more)";
        String where = i == 0 ? "the serialization mode" : where(i < zero.size() ? ours : theirs);
        return "objects cannot travel between the ranks: they serialize differently (checked at start-up). At "
                + where + ", rank " + r + " has \"" + theirs + "\" where rank 0 has \"" + ours + "\"; ranks that differ"
                + " from rank 0: " + differing + ". Every rank must register the same classes in the same order"
                + " (MPI.registerClass, before MPI.init), set -D" + io.jmpi.serial.ClassRegistry.STRICT_PROPERTY
                + " alike and run the same jmpi and Kryo versions";
    }

    /** What a line describes: {@code registration N} for {@code #N ...}, else the versions. */
    private static String where(String line) {
        if (line.startsWith("#")) {
            int end = line.indexOf(' ');
            return "registration " + line.substring(1, end < 0 ? line.length() : end);
        }
        return "the library versions";
    }

    /**
     * Compares ranks whose fingerprints are all at hand (ranks as threads of one JVM).
     *
     * @param size the number of ranks
     * @param fingerprintOf each rank's fingerprint
     * @throws MpiException {@code ERR_OTHER} explaining the first difference
     */
    public static void check(int size, IntFunction<Fingerprint> fingerprintOf) {
        List<Integer> differing = differing(size, r -> fingerprintOf.apply(r).digest());
        if (!differing.isEmpty()) {
            throw new MpiException(ErrorClass.ERR_OTHER, explain(differing, fingerprintOf.apply(0).lines(),
                    fingerprintOf.apply(differing.get(0)).lines()));
        }
    }
}

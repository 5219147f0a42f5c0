package io.jmpi.launcher;

import java.nio.file.Path;

/**
 * How jmpiexec forwards the ranks' output and its own stdin (Open MPI's output options).
 *
 * @param tag prefix each line with {@code [1,RANK]<stdout>:} or {@code [1,RANK]<stderr>:}
 *     ({@code --tag-output}; Open MPI's format, job number 1)
 * @param timestamp prefix each line with the time jmpiexec received it, {@code [2024-05-01T12:00:00.123]}
 *     ({@code --timestamp-output}); before the tag when both are asked for
 * @param directory also write each rank's output to {@code DIR/1/rank.N/stdout} and
 *     {@code .../stderr} ({@code --output-filename DIR}), or null
 * @param mergeStderr send each rank's stderr into its stdout ({@code --merge-stderr-to-stdout})
 * @param stdinRank the rank that reads jmpiexec's stdin, or {@link #STDIN_ALL} or {@link #STDIN_NONE}
 *     ({@code --stdin})
 */
public record OutputOptions(boolean tag, boolean timestamp, Path directory, boolean mergeStderr, int stdinRank) {
    /** {@link #stdinRank()} when every rank reads a copy of jmpiexec's stdin. */
    public static final int STDIN_ALL = -2;
    /** {@link #stdinRank()} when no rank reads jmpiexec's stdin. */
    public static final int STDIN_NONE = -1;
    /** The defaults: plain lines, stdin to rank 0. */
    public static final OutputOptions DEFAULT = new OutputOptions(false, false, null, false, 0);

    /**
     * Parses a {@code --stdin} value: a rank, {@code all} or {@code none}.
     *
     * @param value the value
     * @return the rank or {@link #STDIN_ALL} or {@link #STDIN_NONE}
     * @throws UsageException for anything else
     */
    public static int parseStdin(String value) {
        switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "all":
                return STDIN_ALL;
            case "none":
                return STDIN_NONE;
            default:
                try {
                    int rank = Integer.parseInt(value);
                    if (rank >= 0) {
                        return rank;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new UsageException("--stdin needs a rank, all or none, got '" + value + "'");
        }
    }

    /**
     * Whether a rank reads jmpiexec's stdin.
     *
     * @param rank the rank
     * @return true when it does
     */
    public boolean readsStdin(int rank) {
        return stdinRank == STDIN_ALL || stdinRank == rank;
    }
}

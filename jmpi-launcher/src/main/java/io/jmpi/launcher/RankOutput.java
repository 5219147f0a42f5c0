package io.jmpi.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One output stream of one rank as {@link OutputOptions} ask for it: every line prefixed (time
 * stamp, then Open MPI's tag {@code [1,RANK]<stdout>:}), written to jmpiexec's stream and,
 * when asked, to the rank's own file as well (the file gets the lines without prefixes).
 *
 * <p>The lines of one call reach each destination in one write, so lines of different ranks
 * still never mix. Thread-safe, as its destinations are.
 */
public final class RankOutput implements LineWriter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private final LineWriter terminal;
    private final LineSink file;
    private final byte[] tag;
    private final boolean timestamp;

    /**
     * Creates the writer.
     *
     * @param terminal jmpiexec's stream
     * @param file the rank's own file, or null
     * @param rank the rank
     * @param stream {@code stdout} or {@code stderr}, for the tag
     * @param options whether to tag and time-stamp
     */
    public RankOutput(LineWriter terminal, LineSink file, int rank, String stream, OutputOptions options) {
        this.terminal = terminal;
        this.file = file;
        this.tag = options.tag() ? ("[1," + rank + "]<" + stream + ">:").getBytes(StandardCharsets.UTF_8) : null;
        this.timestamp = options.timestamp();
    }

    /**
     * Whether output needs more than a plain copy to jmpiexec's stream.
     *
     * @param options the options
     * @return true when lines are prefixed or copied to files
     */
    public static boolean needed(OutputOptions options) {
        return options.tag() || options.timestamp() || options.directory() != null;
    }

    @Override
    public void writeLines(byte[] bytes, int offset, int length) throws IOException {
        IOException failure = null;
        if (file != null) {
            try {
                file.writeLines(bytes, offset, length);
            } catch (IOException e) {
                failure = e;
            }
        }
        if (tag == null && !timestamp) {
            terminal.writeLines(bytes, offset, length);
        } else {
            byte[] prefix = prefix();
            ByteArrayOutputStream b = new ByteArrayOutputStream(length + 64);
            int start = offset;
            int end = offset + length;
            for (int i = offset; i < end; i++) {
                if (bytes[i] == '\n') {
                    b.write(prefix, 0, prefix.length);
                    b.write(bytes, start, i + 1 - start);
                    start = i + 1;
                }
            }
            terminal.writeLines(b.toByteArray(), 0, b.size());
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void writeLine(byte[] bytes, int offset, int length) throws IOException {
        byte[] line = new byte[length + 1];
        System.arraycopy(bytes, offset, line, 0, length);
        line[length] = '\n';
        writeLines(line, 0, line.length);
    }

    private byte[] prefix() {
        String time = timestamp ? "[" + LocalDateTime.now().format(TIME) + "]" : "";
        byte[] t = time.getBytes(StandardCharsets.UTF_8);
        if (tag == null) {
            return t;
        }
        byte[] p = new byte[t.length + tag.length];
        System.arraycopy(t, 0, p, 0, t.length);
        System.arraycopy(tag, 0, p, t.length, tag.length);
        return p;
    }
}

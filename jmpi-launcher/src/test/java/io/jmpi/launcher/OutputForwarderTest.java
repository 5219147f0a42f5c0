package io.jmpi.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class OutputForwarderTest {

    private static String forward(InputStream in) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputForwarder f = OutputForwarder.start(in, new LineSink(out), "test-forwarder");
        assertThat(f.awaitDone(System.nanoTime() + Duration.ofSeconds(5).toNanos())).isTrue();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldForwardLinesAsTheyAreAndEndTheLastOne() throws Exception {
        String text = "one\ntwo\r\n\nthree";

        assertThat(forward(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("one\ntwo\r\n\nthree\n");
    }

    @Test
    void shouldForwardNothingForAnEmptyStream() throws Exception {
        assertThat(forward(new ByteArrayInputStream(new byte[0]))).isEmpty();
    }

    @Test
    void shouldKeepLinesWholeWhenTheyArriveInPieces() throws Exception {
        byte[] bytes = "abcdef\nghij\n".getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new InputStream() {
            private int next;

            @Override
            public int read() {
                return next < bytes.length ? bytes[next++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (next == bytes.length) {
                    return -1;
                }
                b[off] = bytes[next++];
                return 1;
            }
        };

        assertThat(forward(trickle)).isEqualTo("abcdef\nghij\n");
    }

    @Test
    void shouldCutALineLongerThanTheLimit() throws Exception {
        byte[] bytes = new byte[OutputForwarder.MAX_LINE + 10];
        Arrays.fill(bytes, (byte) 'x');

        String out = forward(new ByteArrayInputStream(bytes));

        assertThat(out.lines().toList()).extracting(String::length).containsExactly(OutputForwarder.MAX_LINE, 10);
    }
}

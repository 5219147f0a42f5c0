package io.jmpi.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The leak check itself: a buffer dropped without release is reported. */
class NettyLeakDetectionTest {

    @Test
    void shouldReportBufferDroppedWithoutRelease() throws Exception {
        NettyLeakDetection.collectLeaks();
        leakOneBuffer();
        List<String> leaks = NettyLeakDetection.collectLeaks();
        assertThat(leaks).anySatisfy(l -> assertThat(l).contains("leakOneBuffer"));
    }

    private static void leakOneBuffer() {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        b.writeLong(1);
    }
}

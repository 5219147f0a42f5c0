package io.jmpi.transport.netty;

import io.jmpi.Buf;
import io.jmpi.LocalWorld;
import io.jmpi.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection scale: 64 ranks as threads of this JVM over loopback TCP, each with its own
 * transport (listening socket, event loop) and a real coordinator. A ring opens 64
 * connections; an all-pairs exchange opens every one of the 64 * 63 / 2 = 2016.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TcpScaleTest {
    private static final int SIZE = 64;

    @Test
    void shouldPassARingAndAnAllPairsExchangeAmong64Ranks() {
        LocalWorld.of(SIZE).transport("tcp").timeout(Duration.ofSeconds(100)).run(world -> {
            int rank = world.getRank();
            int size = world.getSize();
            assertThat(size).isEqualTo(SIZE);

            // a ring: the token goes around once, each rank adding itself
            int next = (rank + 1) % size;
            int prev = (rank + size - 1) % size;
            if (rank == 0) {
                world.send(new ArrayList<>(List.of(0)), next, 1);
                List<Integer> token = world.recv(prev, 1);
                assertThat(token).hasSize(size).startsWith(0, 1, 2).endsWith(size - 1);
            } else {
                List<Integer> token = world.recv(prev, 1);
                token.add(rank);
                world.send(token, next, 1);
            }

            // all pairs: every rank sends to every other rank, objects and buffers at once
            List<Request<?>> requests = new ArrayList<>();
            List<Request<String>> objects = new ArrayList<>();
            int[][] buffers = new int[size][];
            for (int peer = 0; peer < size; peer++) {
                if (peer == rank) {
                    continue;
                }
                Request<String> got = world.irecv(peer, 2);
                objects.add(got);
                requests.add(got);
                buffers[peer] = new int[4];
                requests.add(world.irecv(Buf.of(buffers[peer]), peer, 3));
            }
            for (int peer = 0; peer < size; peer++) {
                if (peer != rank) {
                    requests.add(world.isend(rank + "->" + peer, peer, 2));
                    requests.add(world.isend(Buf.of(new int[] {rank, peer, rank * peer, -1}), peer, 3));
                }
            }
            Request.waitall(requests);
            int i = 0;
            for (int peer = 0; peer < size; peer++) {
                if (peer == rank) {
                    continue;
                }
                assertThat(objects.get(i++).get()).isEqualTo(peer + "->" + rank);
                assertThat(buffers[peer]).containsExactly(peer, rank, peer * rank, -1);
            }
            world.barrier();
        });
    }
}

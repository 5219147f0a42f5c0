package io.jmpi;

import com.esotericsoftware.kryo.io.Output;
import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.p2p.Payload;
import io.jmpi.internal.p2p.SendMode;
import io.jmpi.internal.session.RankContext;
import io.jmpi.internal.session.Sessions;
import io.jmpi.internal.session.ThreadWorld;
import io.jmpi.internal.wire.MessageDescriptor;
import io.jmpi.serial.ClassRegistry;
import io.jmpi.serial.ForeignClass;
import io.jmpi.serial.ObjectSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Object serialization between ranks, for any transport: the common JDK types arrive equal;
 * a failure to serialize stays on the sender and a failure to deserialize on the receiver,
 * and later messages flow; lengths declared inside the data are checked against the bytes
 * that arrived; strict mode sends and accepts registered classes only; and ranks that
 * register differently fail at start-up, every one of them.
 */
@Timeout(120)
public abstract class SerializationTest extends MultiRankTest {

    /** A user's record. */
    public record Point(int x, int y) {
    }

    /** A user's enum. */
    public enum Color { RED, GREEN }

    /** Registered nowhere. */
    public record Secret(String text) {
    }

    private static final ClassRegistry STRICT = ClassRegistry.of(true, Point.class, Point[].class, Color.class);

    /** Runs {@code main} on {@code size} ranks with their own registrations. */
    private void runRegistered(int size, IntFunction<ClassRegistry> registries, LocalWorld.RankMain main) {
        new ThreadWorld(size, transport(), WORLD_TIMEOUT, registries).run(ctx -> main.run(MPI.COMM_WORLD));
    }

    /** Sends {@code payload} as an object message's bytes, as a rank that serializes differently would. */
    static void sendRaw(byte[] payload, int dest, int tag) {
        RankContext ctx = Sessions.current();
        CommCore comm = ctx.world();
        ctx.engine().send(comm.p2pContext(), comm.rank(), comm.worldRank(dest), tag,
                Payload.of(MessageDescriptor.KIND_OBJECT, List.of(payload)), SendMode.STANDARD);
    }

    /** An object message of 10 bytes that declares a {@code long[]} of 2^31 - 2 elements. */
    static byte[] hugeLongArrayInTenBytes() {
        byte[] empty = new ObjectSerializer().serialize(new long[0]); // class id, reference, length + 1 = 1
        Output out = new Output(16, -1);
        out.writeBytes(empty, 0, empty.length - 1);
        out.writeVarInt(Integer.MAX_VALUE, true); // length + 1
        out.writeBytes(new byte[] {1, 2, 3});
        byte[] crafted = out.toBytes();
        assertThat(crafted).hasSize(10);
        return crafted;
    }

    /** Checks that the ranks 0 and 1 still exchange messages, in order, on {@code tag}. */
    private static void stillTalk(Intracomm world, int tag) {
        int other = 1 - world.getRank();
        world.send("after " + world.getRank(), other, tag);
        assertThat((String) world.recv(other, tag)).isEqualTo("after " + other);
    }

    @Test
    void shouldDeliverEqualCopiesOfTheCommonJdkTypes() {
        run(2, world -> {
            List<Object> values = new ArrayList<>(List.of(new Point(1, 2), Color.RED, 42, 4.5, "text",
                    new java.math.BigInteger("98765432109876543210"), java.util.UUID.nameUUIDFromBytes(new byte[] {1}),
                    java.util.Optional.of(List.of(1)), java.time.LocalDate.of(2024, 2, 29), Map.of("k", 1),
                    Collections.synchronizedMap(new java.util.HashMap<>(Map.of("s", 1))),
                    Collections.unmodifiableList(new ArrayList<>(List.of("u"))), new Point[] {new Point(3, 4)},
                    new java.time.Instant[] {java.time.Instant.EPOCH}, new long[] {1, 2}));
            if (world.getRank() == 0) {
                world.send(values, 1, 1);
            } else {
                List<Object> back = world.recv(0, 1);
                assertThat(back).hasSameSizeAs(values);
                for (int i = 0; i < values.size(); i++) {
                    assertThat(java.util.Objects.deepEquals(back.get(i), values.get(i))).as("%s", values.get(i)).isTrue();
                }
            }
        });
    }

    @Test
    void shouldFailOnTheSenderAndSendNothingWhenAnObjectCannotBeSerialized() {
        run(2, world -> {
            if (world.getRank() == 0) {
                assertThatThrownBy(() -> world.send(List.of("ok", new Thread()), 1, 3))
                        .isInstanceOf(MpiException.class)
                        .hasMessageContaining("cannot serialize an object of java.util.ImmutableCollections")
                        .hasMessageContaining("java.lang.Thread");
                assertThatThrownBy(() -> world.isend(new Thread(), 1, 3)).isInstanceOf(MpiException.class);
                world.send("the first message with tag 3", 1, 3);
            } else {
                assertThat((String) world.recv(0, 3)).isEqualTo("the first message with tag 3");
            }
            stillTalk(world, 9);
        });
    }

    @Test
    void shouldFailOnTheReceiverOnlyWhenItsClassLoaderCannotSeeTheClass() {
        run(2, world -> {
            if (world.getRank() == 0) {
                Class<?> foreign = ForeignClass.define(); // only rank 0's class loader knows it
                world.send(ForeignClass.instance(foreign, 7), 1, 4);
                Request<Void> r = world.isend(ForeignClass.instance(foreign, 8), 1, 5);
                r.waitFor();
            } else {
                assertThatThrownBy(() -> world.recv(0, 4))
                        .isInstanceOf(MpiException.class)
                        .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_OTHER))
                        .hasMessageContaining("cannot deserialize the received object")
                        .hasMessageContaining(ForeignClass.NAME);
                Request<Object> r = world.irecv(0, 5);
                assertThatThrownBy(r::waitFor).hasMessageContaining(ForeignClass.NAME);
            }
            stillTalk(world, 9);
        });
    }

    @Test
    void shouldRefuseALengthDeclaredBeyondTheBytesThatArrivedAndDeliverLaterMessages() {
        run(2, world -> {
            if (world.getRank() == 1) {
                sendRaw(hugeLongArrayInTenBytes(), 0, 6);
                world.send(new long[] {1, 2, 3}, 0, 6);
            } else {
                assertThatThrownBy(() -> world.recv(1, 6))
                        .isInstanceOf(MpiException.class)
                        .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_OTHER))
                        .hasMessageContaining("declares 2147483646 elements of long[]")
                        .hasMessageContaining("of its 10 bytes remain");
                assertThat((long[]) world.recv(1, 6)).containsExactly(1, 2, 3);
            }
            stillTalk(world, 9);
        });
    }

    // ---- Strict mode ----

    @Test
    void shouldSendRegisteredClassesAndTheCommonJdkTypesInStrictMode() {
        runRegistered(3, r -> STRICT, world -> {
            int next = (world.getRank() + 1) % world.getSize();
            int prev = (world.getRank() + world.getSize() - 1) % world.getSize();
            Object mine = List.of(new Point(world.getRank(), 0), new Point[] {new Point(1, 1)}, Color.GREEN,
                    Map.of("t", java.time.Duration.ofSeconds(world.getRank())));
            List<?> got = world.sendrecv(mine, next, 1, prev, 1);
            assertThat(got.get(0)).isEqualTo(new Point(prev, 0));
            assertThat(world.allgather(new Point(world.getRank(), 1))).hasSize(3).contains(new Point(2, 1));
        });
    }

    @Test
    void shouldRefuseAnUnregisteredClassOnTheSenderInStrictMode() {
        runRegistered(2, r -> STRICT, world -> {
            if (world.getRank() == 0) {
                assertThatThrownBy(() -> world.send(List.of(new Point(1, 1), new Secret("s")), 1, 2))
                        .isInstanceOf(MpiException.class)
                        .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_OTHER))
                        .hasMessageContaining("class io.jmpi.SerializationTest$Secret is not registered")
                        .hasMessageContaining("MPI.registerClass(io.jmpi.SerializationTest.Secret.class)");
                world.send("the first message with tag 2", 1, 2);
            } else {
                assertThat((String) world.recv(0, 2)).isEqualTo("the first message with tag 2");
            }
            stillTalk(world, 9);
        });
    }

    @Test
    void shouldRefuseAnUnregisteredClassOnTheReceiverInStrictMode() {
        runRegistered(2, r -> STRICT, world -> {
            if (world.getRank() == 1) {
                // what a rank that is not strict, or registers Secret, would send
                sendRaw(new ObjectSerializer().serialize(new Secret("s")), 0, 2);
                sendRaw(new ObjectSerializer(ClassRegistry.of(true, Point.class, Point[].class, Color.class,
                        Secret.class)).serialize(new Secret("t")), 0, 2);
            } else {
                assertThatThrownBy(() -> world.recv(1, 2))
                        .isInstanceOf(MpiException.class)
                        .hasMessageContaining("class io.jmpi.SerializationTest$Secret, which the sender did not register");
                assertThatThrownBy(() -> world.recv(1, 2))
                        .isInstanceOf(MpiException.class)
                        .hasMessageContaining("which is not registered on this rank");
            }
            stillTalk(world, 9);
        });
    }

    // ---- Start-up ----

    /** Runs a world whose ranks register differently and checks that every rank fails at start-up. */
    private void assertStartupFails(int size, IntFunction<ClassRegistry> registries, String... fragments) {
        AtomicBoolean ran = new AtomicBoolean();
        assertThatThrownBy(() -> runRegistered(size, registries, world -> ran.set(true)))
                .isInstanceOf(MpiException.class)
                .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_OTHER))
                .satisfies(e -> assertThat(e.getMessage()).contains("serialize differently").contains(fragments))
                .satisfies(e -> assertThat(e.getSuppressed()).as("the other ranks' failures").hasSize(size - 1)
                        .allSatisfy(s -> assertThat(s.getMessage()).contains("serialize differently")));
        assertThat(ran).as("no rank's code ran").isFalse();
    }

    @Test
    void shouldFailStartupOnEveryRankWhenRanksRegisterDifferentClasses() {
        int id = new ObjectSerializer().registrations().size() - 1; // the first id after the common types
        assertStartupFails(3, r -> r == 2 ? ClassRegistry.of(false, Point.class, Color.class)
                        : ClassRegistry.of(false, Color.class, Point.class),
                "At registration " + id + ", rank 2 has \"#" + id + " io.jmpi.SerializationTest$Point",
                "where rank 0 has \"#" + id + " io.jmpi.SerializationTest$Color", "ranks that differ from rank 0: [2]",
                "MPI.registerClass");
    }

    @Test
    void shouldFailStartupOnEveryRankWhenOnlySomeRanksAreStrict() {
        assertStartupFails(3, r -> ClassRegistry.of(r != 0, Point.class),
                "At the serialization mode, rank 1 has \"strict true\" where rank 0 has \"strict false\"",
                "ranks that differ from rank 0: [1, 2]");
    }

    @Test
    void shouldApplyRegisterClassAndTheStrictPropertyToWorldsStartedAfterwards() {
        assumeFalse(MPI.isInitialized(), "this JVM runs a process-wide session: registerClass would refuse");
        MPI.registerClass(Point.class, Point[].class, Color.class);
        String before = System.getProperty(ClassRegistry.STRICT_PROPERTY);
        System.setProperty(ClassRegistry.STRICT_PROPERTY, "true");
        try {
            run(2, world -> {
                assertThatThrownBy(() -> MPI.registerClass(Secret.class))
                        .isInstanceOf(MpiException.class)
                        .hasMessageContaining("registerClass comes before MPI.init");
                Object got = world.sendrecv(new Point[] {new Point(world.getRank(), 0)}, 1 - world.getRank(), 1,
                        1 - world.getRank(), 1);
                assertThat((Point[]) got).containsExactly(new Point(1 - world.getRank(), 0));
                assertThatThrownBy(() -> world.send(new Secret("s"), 1 - world.getRank(), 2))
                        .hasMessageContaining("is not registered");
            });
        } finally {
            if (before == null) {
                System.clearProperty(ClassRegistry.STRICT_PROPERTY);
            } else {
                System.setProperty(ClassRegistry.STRICT_PROPERTY, before);
            }
        }
    }
}

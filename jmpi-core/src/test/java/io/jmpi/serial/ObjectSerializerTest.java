package io.jmpi.serial;

import com.esotericsoftware.kryo.io.Output;
import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectSerializerTest {
    private final ObjectSerializer serializer = new ObjectSerializer();

    /** A user's record, registered in strict mode. */
    public record Point(int x, int y) {
    }

    /** A user's enum, registered in strict mode. */
    public enum Color { RED, GREEN }

    /** Not registered anywhere. */
    record Unregistered(String name) {
    }

    /** The user classes a strict rank registers, arrays included (arrays are classes of their own). */
    static final Class<?>[] USER_CLASSES = {Point.class, Color.class, Point[].class, Color[].class};

    /**
     * The common JDK types: one of each, and an array of each (the "arrays of all of these" that
     * must round-trip with no JVM flag). Values without a content-based {@code equals} (the
     * unmodifiable and synchronized plain collections) are compared by {@link #comparable}.
     */
    static List<Object> commonValues() {
        List<Object> v = new ArrayList<>(List.of(
                new Point(1, 2), Color.GREEN, (byte) 1, (short) 2, 3, 4L, 5.5f, 6.5, true, 'c', "text", "héllo wörld ✓",
                new BigInteger("123456789012345678901234567890"), new BigDecimal("-3.14159e-7"),
                UUID.fromString("0b3e9f6e-6f1a-4c55-9c0e-2a8f54d7e2b1"), java.net.URI.create("https://example.org/a?b"),
                Optional.of("x"), Optional.empty(), OptionalInt.of(3), OptionalLong.of(4), OptionalDouble.of(5),
                Instant.ofEpochSecond(1_700_000_000L, 123), Duration.ofMillis(1500), Period.of(1, 2, 3),
                LocalDate.of(2024, 2, 29), LocalTime.of(23, 59, 58), LocalDateTime.of(2024, 1, 2, 3, 4, 5),
                ZonedDateTime.of(2024, 1, 2, 3, 4, 5, 6, ZoneId.of("Europe/Paris")),
                OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6, ZoneOffset.ofHours(2)),
                OffsetTime.of(3, 4, 5, 6, ZoneOffset.ofHours(-3)), Year.of(2024), YearMonth.of(2024, 5),
                MonthDay.of(12, 24), ZoneOffset.UTC, ZoneId.of("America/New_York"), DayOfWeek.FRIDAY, Month.MAY,
                new ArrayList<>(List.of(1, 2)), new LinkedList<>(List.of("a")), new HashMap<>(Map.of("k", 1)),
                new TreeMap<>(Map.of(2, "b", 1, "a")), new HashSet<>(Set.of(1.5)), new TreeSet<>(Set.of("z", "y")),
                List.of(), List.of(1), List.of(1, 2, 3), List.of(1, 2, 3).subList(1, 3), Set.of(), Set.of("a"),
                Set.of(1, 2, 3), Map.of(), Map.of("k", 1), Map.of("k", 1, "l", 2), Arrays.asList(1, null),
                Collections.emptyList(), Collections.singletonList(7), Collections.singletonMap("s", 8),
                Collections.unmodifiableList(new ArrayList<>(List.of(5))),
                Collections.unmodifiableList(new LinkedList<>(List.of(6))),
                Collections.unmodifiableSet(new HashSet<>(Set.of(7))),
                Collections.unmodifiableMap(new HashMap<>(Map.of("x", 1))),
                Collections.unmodifiableSortedSet(reversed(1, 2, 3)),
                Collections.unmodifiableNavigableSet(reversed(4, 5)),
                Collections.unmodifiableSortedMap(new TreeMap<>(Map.of("b", 2, "a", 1))),
                Collections.unmodifiableNavigableMap(new TreeMap<>(Map.of("c", 3))),
                Collections.synchronizedList(new ArrayList<>(List.of(1, 2))),
                Collections.synchronizedList(new LinkedList<>(List.of(3))),
                Collections.synchronizedSet(new HashSet<>(Set.of(4))),
                Collections.synchronizedSortedSet(reversed(5, 6)),
                Collections.synchronizedNavigableSet(reversed(7, 8)),
                Collections.synchronizedMap(new HashMap<>(Map.of("m", 1))),
                Collections.synchronizedSortedMap(new TreeMap<>(Map.of("n", 2))),
                Collections.synchronizedNavigableMap(new TreeMap<>(Map.of("o", 3))),
                Collections.unmodifiableCollection(new ArrayList<>(List.of(9, 10))),
                Collections.synchronizedCollection(new ArrayList<>(List.of(11)))));
        List<Object> arrays = List.of(
                new Point[] {new Point(3, 4), null}, new Color[] {Color.RED}, new Byte[] {1}, new Short[] {2},
                new Integer[] {3, null}, new Long[] {4L}, new Float[] {5f}, new Double[] {6.0}, new Boolean[] {true},
                new Character[] {'d'}, new String[] {"a", null, "é"}, new BigInteger[] {BigInteger.TEN},
                new BigDecimal[] {BigDecimal.ONE}, new UUID[] {new UUID(1, 2)}, new Optional<?>[] {Optional.of(1)},
                new Instant[] {Instant.EPOCH}, new Duration[] {Duration.ZERO}, new LocalDate[] {LocalDate.EPOCH},
                new LocalDateTime[] {LocalDateTime.of(2000, 1, 1, 0, 0)}, new ZoneId[] {ZoneId.of("Asia/Tokyo")},
                new DayOfWeek[] {DayOfWeek.MONDAY}, new List<?>[] {List.of(1), new ArrayList<>(List.of(2))},
                new Map<?, ?>[] {Map.of("a", 1)}, new Set<?>[] {Set.of(1)}, new Object[] {1, "two", List.of(3)},
                new byte[] {1, -2}, new short[] {3}, new int[] {4, 5}, new long[] {6, Long.MIN_VALUE},
                new float[] {7.5f}, new double[] {8.5, Double.NaN}, new boolean[] {true, false}, new char[] {'x'},
                new int[][] {{1}, {2, 3}}, new double[][] {{1.5}}, new String[][] {{"a"}});
        v.addAll(arrays);
        return v;
    }

    private static TreeSet<Integer> reversed(Integer... items) {
        TreeSet<Integer> s = new TreeSet<>(Comparator.reverseOrder());
        s.addAll(List.of(items));
        return s;
    }

    /**
     * What to compare: the elements (in order) of collections whose {@code equals} is identity,
     * and whether a sorted collection kept its comparator; the value itself otherwise.
     */
    static Object comparable(Object o) {
        if (o instanceof java.util.SortedSet<?> s) {
            return List.of(s.getClass(), new ArrayList<>(s), String.valueOf(s.comparator()));
        }
        if (o instanceof Collection<?> c && !(o instanceof List<?>) && !(o instanceof Set<?>)) {
            return List.of(c.getClass(), new ArrayList<>(c));
        }
        return o;
    }

    private Object roundTrip(ObjectSerializer s, Object o) {
        byte[] b = s.serialize(o);
        return s.deserialize(b, 0, b.length);
    }

    @Test
    void shouldRoundTripCommonJdkTypesAndArraysOfThemWithNoJvmFlag() {
        for (ObjectSerializer s : List.of(serializer, new ObjectSerializer(ClassRegistry.of(true, USER_CLASSES)))) {
            for (Object v : commonValues()) {
                Object back = roundTrip(s, v);
                if (!v.getClass().getName().startsWith("java.util.ImmutableCollections")) { // List.copyOf chooses
                    assertThat(back).as("%s (strict %s)", v.getClass().getTypeName(), s.isStrict())
                            .hasSameClassAs(v);
                }
                assertThat(comparable(back)).as("%s (strict %s)", v.getClass().getTypeName(), s.isStrict())
                        .isEqualTo(comparable(v));
            }
            assertThat(roundTrip(s, null)).isNull();
            assertThat((List<?>) roundTrip(s, commonValues())).hasSize(commonValues().size());
        }
    }

    @Test
    void shouldRoundTripAnExceptionThroughJavaSerialization() {
        IllegalStateException e = new IllegalStateException("boom", new ArithmeticException("cause"));
        List<?> back = (List<?>) roundTrip(serializer, List.of(e, "after"));
        assertThat(back.get(1)).isEqualTo("after");
        assertThat((Throwable) back.get(0)).hasMessage("boom").hasCauseInstanceOf(ArithmeticException.class);
    }

    @Test
    void shouldRoundTripManyBlocksAsLargeObjectsTravel() {
        List<Object> value = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            value.add(new long[] {i, -i});
            value.add("text " + i + " é");
            value.add(new byte[1000 + i]);
            value.add(Map.of("k" + i, List.of(i)));
        }
        List<byte[]> blocks = serializer.serializeBlocks(value, 4096);
        long length = blocks.stream().mapToLong(b -> b.length).sum();
        assertThat(blocks).hasSizeGreaterThan(50);
        List<?> back = (List<?>) serializer.deserialize(blocks, length);
        assertThat(back).hasSize(value.size());
        assertThat(back.get(797)).isEqualTo("text 199 é");
        assertThat((long[]) back.get(796)).containsExactly(199, -199);
    }

    @Test
    void shouldNameTheCauseOfCorruptInput() {
        byte[] garbage = {1, 2, 3, 4, 5};
        assertThatThrownBy(() -> serializer.deserialize(garbage, 0, garbage.length))
                .isInstanceOf(MpiException.class)
                .hasMessageContaining("deserialize");
    }

    // ---- Declared lengths ----

    /**
     * A payload that is {@code emptySample}'s with its length replaced by what {@code count}
     * writes ({@code tail} bytes of the sample follow its length), then {@code padding} bytes.
     */
    private byte[] declaring(Object emptySample, int tail, Consumer<Output> count, int padding) {
        byte[] empty = serializer.serialize(emptySample);
        int lengthAt = empty.length - 1 - tail;
        assertThat(empty[lengthAt] & 0x3F).as("the empty sample's length").isLessThanOrEqualTo(1);
        Output out = new Output(64, -1);
        out.writeBytes(empty, 0, lengthAt);
        count.accept(out);
        out.writeBytes(empty, lengthAt + 1, tail);
        out.writeBytes(new byte[padding]);
        return out.toBytes();
    }

    /** Kryo's array and map serializers write the length + 1 (0 is null). */
    private static Consumer<Output> plusOne(long count) {
        return o -> o.writeVarInt((int) (count + 1), true);
    }

    /** Kryo's collection serializer writes the length + 1 with a flag bit. */
    private static Consumer<Output> flagged(boolean flag, long count) {
        return o -> o.writeVarIntFlag(flag, (int) (count + 1), true);
    }

    private static void assertRefused(ThrowableAssert.ThrowingCallable call, String... fragments) {
        assertThatThrownBy(call)
                .isInstanceOf(MpiException.class)
                .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_OTHER))
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }

    @Test
    void shouldRefuseALongArrayOfTwoToTheThirtyOneElementsDeclaredInTenBytes() {
        byte[] crafted = declaring(new long[0], 0, plusOne((1L << 31) - 2), 3);
        assertThat(crafted).hasSizeLessThanOrEqualTo(10);
        assertRefused(() -> serializer.deserialize(crafted, 0, crafted.length),
                "declares 2147483646 elements of long[]", "bytes remain");
        // the same through the path of large, multi-block messages
        assertRefused(() -> serializer.deserialize(List.of(Arrays.copyOf(crafted, 4),
                Arrays.copyOfRange(crafted, 4, crafted.length)), crafted.length), "2147483646 elements of long[]");
    }

    @Test
    void shouldRefuseEveryKindOfDeclaredLengthBeyondTheBytesThatArrived() {
        int big = 1_000_000_000;
        record Case(Object sample, int tail, Consumer<Output> count, String what) {
        }
        List<Case> cases = List.of(
                new Case(new byte[0], 0, plusOne(big), "bytes"),
                new Case(new boolean[0], 0, plusOne(big), "elements of boolean[]"),
                new Case(new int[0], 0, plusOne(big), "elements of int[]"),
                new Case(new double[0], 0, plusOne(big), "elements of double[]"),
                new Case(new char[0], 0, plusOne(big), "elements of char[]"),
                new Case(new String[0], 0, plusOne(big), "elements of java.lang.String[]"),
                new Case(new Object[0], 0, plusOne(big), "elements of java.lang.Object[]"),
                new Case(new Point[0], 0, plusOne(big), "elements of io.jmpi.serial.ObjectSerializerTest$Point[]"),
                new Case(new HashMap<>(), 0, plusOne(big), "entries of java.util.HashMap"),
                new Case(new ArrayList<>(), 0, flagged(false, big), "elements of java.util.ArrayList"),
                new Case(new HashSet<>(), 0, flagged(true, big), "elements of java.util.HashSet"),
                new Case(new java.util.PriorityQueue<>(), 1, flagged(false, big), "elements of java.util.PriorityQueue"),
                new Case(List.of(), 0, o -> o.writeVarInt(big, true), "elements of java.util.ImmutableCollections$ListN"),
                new Case(Collections.synchronizedMap(new HashMap<>()), 0, o -> o.writeVarInt(big, true),
                        "entries of java.util.Collections$SynchronizedMap"),
                new Case("", 0, flagged(true, big), "characters of a String"));
        for (Case c : cases) {
            byte[] crafted = declaring(c.sample(), c.tail(), c.count(), 8);
            assertRefused(() -> serializer.deserialize(crafted, 0, crafted.length),
                    "declares " + big + " " + c.what(), "bytes remain");
        }
    }

    @Test
    void shouldRefuseNestedDeclarationsThatTogetherClaimMoreThanTheMessage() {
        // Object[] of 150 elements whose first is an Object[] of 150, in a message of 200 bytes:
        // each fits what remains, together they do not
        byte[] empty = serializer.serialize(new Object[0]);
        Output out = new Output(256, -1);
        for (int level = 0; level < 2; level++) {
            out.writeBytes(empty, 0, empty.length - 1);
            out.writeVarInt(151, true);
        }
        out.writeBytes(new byte[200 - out.position()]);
        byte[] crafted = out.toBytes();
        assertRefused(() -> serializer.deserialize(crafted, 0, crafted.length), "300 elements in all",
                "more than its 200 bytes");
    }

    @Test
    void shouldRefuseAJavaSerializedArrayBeyondTheBytesThatArrived() throws Exception {
        // the Java-serialized part (an exception) holding an int[] that claims 10^9 elements
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream oos = new java.io.ObjectOutputStream(bytes)) {
            oos.writeObject(new int[] {1, 2, 3});
        }
        byte[] java = bytes.toByteArray();
        int at = java.length - 3 * 4 - 4; // the array's length precedes its three ints
        java[at] = 0x3B; // 0x3B9ACA00 = 10^9
        java[at + 1] = (byte) 0x9A;
        java[at + 2] = (byte) 0xCA;
        java[at + 3] = 0x00;
        byte[] header = serializer.serialize(Collections.reverseOrder()); // also Java-serialized
        Output out = new Output(256, -1);
        int javaStart = indexOf(header, new byte[] {(byte) 0xAC, (byte) 0xED});
        assertThat(javaStart).as("the Java stream magic in %s", Arrays.toString(header)).isPositive();
        out.writeBytes(header, 0, javaStart);
        out.writeBytes(java);
        byte[] crafted = out.toBytes();
        assertRefused(() -> serializer.deserialize(crafted, 0, crafted.length),
                "declares an array of 1000000000 elements");
    }

    private static int indexOf(byte[] in, byte[] what) {
        for (int i = 0; i + what.length <= in.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(in, i, i + what.length), what)) {
                return i;
            }
        }
        return -1;
    }

    // ---- Missing classes ----

    @Test
    void shouldNameAClassTheReceiverCannotSee() {
        Class<?> foreign = ForeignClass.define();
        byte[] bytes = serializer.serialize(ForeignClass.instance(foreign, 42));
        ObjectSerializer receiver = new ObjectSerializer();
        assertRefused(() -> receiver.deserialize(bytes, 0, bytes.length), "Unable to find class: " + ForeignClass.NAME);
        // where the class is visible (the thread's context class loader), it arrives
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(foreign.getClassLoader());
        try {
            Object back = new ObjectSerializer().deserialize(bytes, 0, bytes.length);
            assertThat(back.getClass()).isSameAs(foreign);
        } finally {
            t.setContextClassLoader(before);
        }
    }

    // ---- Strict mode ----

    @Test
    void shouldRefuseToSendAnUnregisteredClassInStrictModeAndSayHowToRegisterIt() {
        ObjectSerializer strict = new ObjectSerializer(ClassRegistry.of(true, USER_CLASSES));
        assertRefused(() -> strict.serialize(new Unregistered("x")),
                "cannot serialize an object of io.jmpi.serial.ObjectSerializerTest$Unregistered",
                "is not registered", "MPI.registerClass(io.jmpi.serial.ObjectSerializerTest.Unregistered.class)");
        assertRefused(() -> strict.serialize(List.of(new Point(1, 2), new Unregistered("nested"))),
                "class io.jmpi.serial.ObjectSerializerTest$Unregistered is not registered");
        assertRefused(() -> strict.serialize(new Unregistered[0]), "Unregistered[] is not registered");
    }

    @Test
    void shouldRefuseToReceiveAClassSentByNameInStrictMode() {
        byte[] byName = serializer.serialize(List.of(new Unregistered("x")));
        ObjectSerializer strict = new ObjectSerializer(ClassRegistry.of(true, USER_CLASSES));
        assertRefused(() -> strict.deserialize(byName, 0, byName.length),
                "class io.jmpi.serial.ObjectSerializerTest$Unregistered, which the sender did not register",
                "accepts registered classes only");
    }

    @Test
    void shouldNameAClassIdTheReceiverHasNotRegistered() {
        ObjectSerializer more = new ObjectSerializer(ClassRegistry.of(true, Point.class, Unregistered.class));
        byte[] bytes = more.serialize(new Unregistered("x"));
        int id = more.registrations().size() - 2; // the last registration's id
        for (ObjectSerializer receiver : List.of(new ObjectSerializer(ClassRegistry.of(true, Point.class)),
                new ObjectSerializer(ClassRegistry.of(false, Point.class)))) {
            assertRefused(() -> receiver.deserialize(bytes, 0, bytes.length),
                    "class id " + id + ", which is not registered on this rank", "register different classes");
        }
    }

    @Test
    void shouldDescribeRegistrationsInOrder() {
        List<String> plain = new ObjectSerializer().registrations();
        List<String> strict = new ObjectSerializer(ClassRegistry.of(true, Point.class, Color.class)).registrations();
        assertThat(plain.get(0)).isEqualTo("strict false");
        assertThat(strict.get(0)).isEqualTo("strict true");
        assertThat(strict.subList(1, plain.size())).isEqualTo(plain.subList(1, plain.size()));
        assertThat(strict.get(strict.size() - 2)).contains("io.jmpi.serial.ObjectSerializerTest$Point");
        assertThat(strict.get(strict.size() - 1)).contains("io.jmpi.serial.ObjectSerializerTest$Color");
        assertThat(plain).anyMatch(l -> l.contains("java.util.UUID")).anyMatch(l -> l.contains(" long[] "));
    }

    @Test
    void shouldDescribeWhatRanksMustShareWithTheIdsKryoGives() {
        ObjectSerializer s = new ObjectSerializer(ClassRegistry.of(true, Point.class, String.class, Integer.class,
                Color.class, Point[].class));
        List<String> agreement = s.agreement();
        List<String> registrations = s.registrations();
        assertThat(agreement.get(0)).isEqualTo("strict true");
        assertThat(agreement.get(1)).matches("kryo 5\\.[0-9.]+, jmpi serializers [0-9a-f]{12}");
        // every id and class as Kryo registered them; the user's classes with their serializers
        List<String> ids = agreement.subList(2, agreement.size());
        List<String> kryo = registrations.subList(1 + ObjectSerializer.KRYO_DEFAULT_REGISTRATIONS.size(),
                registrations.size());
        assertThat(ids).hasSameSizeAs(kryo);
        for (int i = 0; i < ids.size(); i++) {
            String line = ids.get(i);
            assertThat(kryo.get(i)).startsWith(line.contains(" (") ? line : line + " (");
        }
        assertThat(ids.subList(ids.size() - 3, ids.size())).allMatch(l -> l.contains(" (") && l.endsWith(")"))
                .anyMatch(l -> l.contains("ObjectSerializerTest$Point ("))
                .anyMatch(l -> l.contains("ObjectSerializerTest$Color ("));
        for (int i = 0; i < ObjectSerializer.KRYO_DEFAULT_REGISTRATIONS.size(); i++) {
            assertThat(registrations.get(1 + i)).startsWith("#" + i + " "
                    + ObjectSerializer.KRYO_DEFAULT_REGISTRATIONS.get(i).getTypeName() + " (");
        }
        assertThat(new ObjectSerializer().agreement()).as("the common types alone, no serializer names")
                .isEqualTo(new ObjectSerializer(ClassRegistry.of(false, String.class)).agreement())
                .noneMatch(l -> l.contains(" ("));
    }

    @Test
    void shouldRejectAnInvalidStrictProperty() {
        String before = System.getProperty(ClassRegistry.STRICT_PROPERTY);
        System.setProperty(ClassRegistry.STRICT_PROPERTY, "yes");
        try {
            assertThatThrownBy(ClassRegistry::ofProcess)
                    .isInstanceOf(MpiException.class)
                    .hasMessageContaining("jmpi.serial.strict=yes is invalid");
        } finally {
            if (before == null) {
                System.clearProperty(ClassRegistry.STRICT_PROPERTY);
            } else {
                System.setProperty(ClassRegistry.STRICT_PROPERTY, before);
            }
        }
    }

    @Test
    void shouldWriteFloatingPointArraysInBulkWithKryosOwnBytes() {
        double[] doubles = new double[50_000];
        float[] floats = new float[30_001];
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] = i * 1.5 - 7;
        }
        for (int i = 0; i < floats.length; i++) {
            floats[i] = i / 3f;
        }
        Output plain = new Output(16, -1);
        plain.writeDoubles(doubles, 0, doubles.length);
        plain.writeFloats(floats, 0, floats.length);
        BulkOutput bulk = new BulkOutput(16);
        bulk.writeDoubles(doubles, 0, doubles.length);
        bulk.writeFloats(floats, 0, floats.length);
        assertThat(bulk.toBytes()).isEqualTo(plain.toBytes());

        ObjectSerializer serializer = new ObjectSerializer();
        record Sample(String name, double[] values, float[] more) {
        }
        Sample sent = new Sample("x", doubles, floats);
        // blocks smaller than the arrays: elements straddle block and buffer boundaries
        java.util.List<byte[]> blocks = serializer.serializeBlocks(sent, 4_099);
        long length = blocks.stream().mapToLong(b -> b.length).sum();
        Sample got = (Sample) serializer.deserialize(blocks, length);
        assertThat(got.values()).isEqualTo(doubles);
        assertThat(got.more()).isEqualTo(floats);
        java.util.List<byte[]> again = serializer.serializeBlocks(sent, 1 << 20);
        // arrays larger than the output buffer go straight into the blocks: the same bytes
        java.io.ByteArrayOutputStream small = new java.io.ByteArrayOutputStream();
        blocks.forEach(small::writeBytes);
        java.io.ByteArrayOutputStream large = new java.io.ByteArrayOutputStream();
        again.forEach(large::writeBytes);
        assertThat(small.toByteArray()).isEqualTo(serializer.serialize(sent)).isEqualTo(large.toByteArray());
        assertThat(blocks.subList(0, blocks.size() - 1)).allSatisfy(b -> assertThat(b).hasSize(4_099));
        assertThat(((Sample) serializer.deserialize(again, again.stream().mapToLong(b -> b.length).sum())).values())
                .isEqualTo(doubles);
    }
}

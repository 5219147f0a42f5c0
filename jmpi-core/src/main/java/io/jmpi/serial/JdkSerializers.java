package io.jmpi.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;

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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The JDK types every rank knows.
 *
 * <p>{@link #register} adds Kryo serializers for the JDK collections that Kryo's defaults
 * cannot rebuild because they have no public constructor, refuse {@code add} or hold a lock
 * object: {@code List.of}, {@code Set.of}, {@code Map.of}, {@code Arrays.asList} and the
 * {@code Collections.unmodifiable*} and {@code Collections.synchronized*} wrappers. Each is
 * written as its elements (and the comparator of a sorted one) and rebuilt as an equal
 * collection of the same kind.
 *
 * <p>{@link #COMMON_TYPES} lists, in a fixed order, the types registered with an id on every
 * rank (the only ones besides the user's registrations that strict mode accepts): boxed
 * primitives, {@code String}, {@code BigInteger}, {@code BigDecimal}, {@code UUID},
 * {@code Optional}, {@code java.time} values, the usual collections and the wrappers above, and
 * arrays of them.
 */
final class JdkSerializers {
    private JdkSerializers() {
    }

    /** The JDK types registered on every rank, in registration order. Append only: the order is the ids. */
    static final List<Class<?>> COMMON_TYPES = commonTypes();

    static void register(Kryo kryo) {
        // Kryo has serializers for these but does not make them defaults
        kryo.addDefaultSerializer(UUID.class, new DefaultSerializers.UUIDSerializer());
        kryo.addDefaultSerializer(java.net.URI.class, new DefaultSerializers.URISerializer());

        ElementsSerializer immutableList = new ElementsSerializer(false, (cmp, items) -> List.copyOf(items));
        for (List<?> l : List.of(List.of(), List.of(1), List.of(1, 2, 3), List.of(1, 2, 3).subList(0, 1))) {
            kryo.addDefaultSerializer(l.getClass(), immutableList);
        }
        kryo.addDefaultSerializer(Arrays.asList().getClass(),
                new ElementsSerializer(false, (cmp, items) -> Arrays.asList(items.toArray())));
        kryo.addDefaultSerializer(Collections.unmodifiableCollection(new ArrayList<>()).getClass(),
                new ElementsSerializer(false, (cmp, items) -> Collections.unmodifiableCollection(items)));
        kryo.addDefaultSerializer(Collections.unmodifiableList(new ArrayList<>()).getClass(),
                new ElementsSerializer(false, (cmp, items) -> Collections.unmodifiableList(items)));
        kryo.addDefaultSerializer(Collections.unmodifiableList(new LinkedList<>()).getClass(),
                new ElementsSerializer(false, (cmp, items) -> Collections.unmodifiableList(new LinkedList<>(items))));
        kryo.addDefaultSerializer(Collections.synchronizedCollection(new ArrayList<>()).getClass(),
                new ElementsSerializer(false, (cmp, items) -> Collections.synchronizedCollection(items)));
        kryo.addDefaultSerializer(Collections.synchronizedList(new ArrayList<>()).getClass(),
                new ElementsSerializer(false, (cmp, items) -> Collections.synchronizedList(items)));
        kryo.addDefaultSerializer(Collections.synchronizedList(new LinkedList<>()).getClass(),
                new ElementsSerializer(false, (cmp, items) -> Collections.synchronizedList(new LinkedList<>(items))));

        ElementsSerializer immutableSet = new ElementsSerializer(false, (cmp, items) -> Set.copyOf(items));
        for (Set<?> s : List.of(Set.of(), Set.of(1), Set.of(1, 2, 3))) {
            kryo.addDefaultSerializer(s.getClass(), immutableSet);
        }
        kryo.addDefaultSerializer(Collections.unmodifiableSet(new HashSet<>()).getClass(),
                new ElementsSerializer(false, (cmp, items) -> Collections.unmodifiableSet(new LinkedHashSet<>(items))));
        kryo.addDefaultSerializer(Collections.unmodifiableSortedSet(new TreeSet<>()).getClass(),
                new ElementsSerializer(true, (cmp, items) -> Collections.unmodifiableSortedSet(treeSet(cmp, items))));
        kryo.addDefaultSerializer(Collections.unmodifiableNavigableSet(new TreeSet<>()).getClass(),
                new ElementsSerializer(true, (cmp, items) -> Collections.unmodifiableNavigableSet(treeSet(cmp, items))));
        kryo.addDefaultSerializer(Collections.synchronizedSet(new HashSet<>()).getClass(),
                new ElementsSerializer(false, (cmp, items) -> Collections.synchronizedSet(new LinkedHashSet<>(items))));
        kryo.addDefaultSerializer(Collections.synchronizedSortedSet(new TreeSet<>()).getClass(),
                new ElementsSerializer(true, (cmp, items) -> Collections.synchronizedSortedSet(treeSet(cmp, items))));
        kryo.addDefaultSerializer(Collections.synchronizedNavigableSet(new TreeSet<>()).getClass(),
                new ElementsSerializer(true, (cmp, items) -> Collections.synchronizedNavigableSet(treeSet(cmp, items))));

        EntriesSerializer immutableMap = new EntriesSerializer(false, (cmp, entries) -> Map.copyOf(entries));
        for (Map<?, ?> m : List.of(Map.of(), Map.of(1, 1), Map.of(1, 1, 2, 2))) {
            kryo.addDefaultSerializer(m.getClass(), immutableMap);
        }
        kryo.addDefaultSerializer(Collections.unmodifiableMap(new HashMap<>()).getClass(),
                new EntriesSerializer(false, (cmp, entries) -> Collections.unmodifiableMap(entries)));
        kryo.addDefaultSerializer(Collections.unmodifiableSortedMap(new TreeMap<>()).getClass(),
                new EntriesSerializer(true, (cmp, entries) -> Collections.unmodifiableSortedMap(treeMap(cmp, entries))));
        kryo.addDefaultSerializer(Collections.unmodifiableNavigableMap(new TreeMap<>()).getClass(),
                new EntriesSerializer(true, (cmp, entries) -> Collections.unmodifiableNavigableMap(treeMap(cmp, entries))));
        kryo.addDefaultSerializer(Collections.synchronizedMap(new HashMap<>()).getClass(),
                new EntriesSerializer(false, (cmp, entries) -> Collections.synchronizedMap(entries)));
        kryo.addDefaultSerializer(Collections.synchronizedSortedMap(new TreeMap<>()).getClass(),
                new EntriesSerializer(true, (cmp, entries) -> Collections.synchronizedSortedMap(treeMap(cmp, entries))));
        kryo.addDefaultSerializer(Collections.synchronizedNavigableMap(new TreeMap<>()).getClass(),
                new EntriesSerializer(true, (cmp, entries) -> Collections.synchronizedNavigableMap(treeMap(cmp, entries))));
    }

    private static List<Class<?>> commonTypes() {
        List<Object> samples = List.of(
                // values
                Byte.class, Short.class, Integer.class, Long.class, Float.class, Double.class, Boolean.class,
                Character.class, String.class, BigInteger.class, BigDecimal.class, UUID.class, java.net.URI.class, Date.class,
                Optional.class, OptionalInt.class, OptionalLong.class, OptionalDouble.class,
                // java.time
                Instant.class, Duration.class, Period.class, LocalDate.class, LocalTime.class, LocalDateTime.class,
                ZonedDateTime.class, OffsetDateTime.class, OffsetTime.class, Year.class, YearMonth.class,
                MonthDay.class, ZoneOffset.class,
                ZoneId.of("UTC+01:00"), // a ZoneRegion of fixed rules: a named zone would read the time-zone database (27 ms)
                DayOfWeek.class, Month.class,
                // collections
                ArrayList.class, LinkedList.class, ArrayDeque.class, HashMap.class, LinkedHashMap.class,
                TreeMap.class, HashSet.class, LinkedHashSet.class, TreeSet.class, EnumSet.class,
                List.of(), List.of(1), List.of(1, 2, 3).subList(0, 1), Set.of(), Set.of(1), Map.of(), Map.of(1, 1),
                Arrays.asList(), Collections.emptyList(), Collections.emptySet(), Collections.emptyMap(),
                Collections.singletonList(1), Collections.singleton(1), Collections.singletonMap(1, 1),
                Collections.unmodifiableCollection(new ArrayList<>()), Collections.unmodifiableList(new ArrayList<>()),
                Collections.unmodifiableList(new LinkedList<>()), Collections.unmodifiableSet(new HashSet<>()),
                Collections.unmodifiableSortedSet(new TreeSet<>()), Collections.unmodifiableNavigableSet(new TreeSet<>()),
                Collections.unmodifiableMap(new HashMap<>()), Collections.unmodifiableSortedMap(new TreeMap<>()),
                Collections.unmodifiableNavigableMap(new TreeMap<>()),
                Collections.synchronizedCollection(new ArrayList<>()), Collections.synchronizedList(new ArrayList<>()),
                Collections.synchronizedList(new LinkedList<>()), Collections.synchronizedSet(new HashSet<>()),
                Collections.synchronizedSortedSet(new TreeSet<>()), Collections.synchronizedNavigableSet(new TreeSet<>()),
                Collections.synchronizedMap(new HashMap<>()), Collections.synchronizedSortedMap(new TreeMap<>()),
                Collections.synchronizedNavigableMap(new TreeMap<>()),
                Collections.reverseOrder(), Comparator.naturalOrder(),
                // arrays
                Object[].class, byte[].class, short[].class, int[].class, long[].class, float[].class,
                double[].class, boolean[].class, char[].class, Byte[].class, Short[].class, Integer[].class,
                Long[].class, Float[].class, Double[].class, Boolean[].class, Character[].class, String[].class,
                BigInteger[].class, BigDecimal[].class, UUID[].class, Date[].class, Optional[].class,
                Instant[].class, Duration[].class, Period[].class, LocalDate[].class, LocalTime[].class,
                LocalDateTime[].class, ZonedDateTime[].class, OffsetDateTime[].class, OffsetTime[].class,
                Year[].class, YearMonth[].class, MonthDay[].class, ZoneOffset[].class, ZoneId[].class,
                DayOfWeek[].class, Month[].class, List[].class, Set[].class, Map[].class, Collection[].class,
                Object[][].class, byte[][].class, short[][].class, int[][].class, long[][].class, float[][].class,
                double[][].class, boolean[][].class, char[][].class, String[][].class);
        LinkedHashSet<Class<?>> types = new LinkedHashSet<>();
        for (Object s : samples) {
            types.add(s instanceof Class<?> c ? c : s.getClass());
        }
        return List.copyOf(types);
    }

    private static TreeSet<Object> treeSet(Comparator<Object> cmp, List<Object> items) {
        TreeSet<Object> set = new TreeSet<>(cmp);
        set.addAll(items);
        return set;
    }

    private static TreeMap<Object, Object> treeMap(Comparator<Object> cmp, Map<Object, Object> entries) {
        TreeMap<Object, Object> map = new TreeMap<>(cmp);
        map.putAll(entries);
        return map;
    }

    /** Writes a collection as its comparator (when sorted), its size and its elements. */
    private static final class ElementsSerializer extends Serializer<Collection<?>> {
        private final boolean sorted;
        private final BiFunction<Comparator<Object>, List<Object>, Collection<?>> rebuild;

        ElementsSerializer(boolean sorted, BiFunction<Comparator<Object>, List<Object>, Collection<?>> rebuild) {
            this.sorted = sorted;
            this.rebuild = rebuild;
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output out, Collection<?> c) {
            if (sorted) {
                kryo.writeClassAndObject(out, ((SortedSet<?>) c).comparator());
            }
            Object[] items = c.toArray(); // one snapshot, also of a synchronized collection
            out.writeVarInt(items.length, true);
            for (Object e : items) {
                kryo.writeClassAndObject(out, e);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public Collection<?> read(Kryo kryo, Input in, Class<? extends Collection<?>> type) {
            Comparator<Object> cmp = sorted ? (Comparator<Object>) kryo.readClassAndObject(in) : null;
            int n = in.readVarInt(true);
            BoundedInput.declare(in, n, 1, "elements of " + type.getTypeName());
            List<Object> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(kryo.readClassAndObject(in));
            }
            return rebuild.apply(cmp, items);
        }
    }

    /** Writes a map as its comparator (when sorted), its size and its entries. */
    private static final class EntriesSerializer extends Serializer<Map<?, ?>> {
        private final boolean sorted;
        private final BiFunction<Comparator<Object>, Map<Object, Object>, Map<?, ?>> rebuild;

        EntriesSerializer(boolean sorted, BiFunction<Comparator<Object>, Map<Object, Object>, Map<?, ?>> rebuild) {
            this.sorted = sorted;
            this.rebuild = rebuild;
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output out, Map<?, ?> map) {
            if (sorted) {
                kryo.writeClassAndObject(out, ((SortedMap<?, ?>) map).comparator());
            }
            Object[] entries = map.entrySet().toArray(); // one snapshot, also of a synchronized map
            out.writeVarInt(entries.length, true);
            for (Object o : entries) {
                Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
                kryo.writeClassAndObject(out, e.getKey());
                kryo.writeClassAndObject(out, e.getValue());
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<?, ?> read(Kryo kryo, Input in, Class<? extends Map<?, ?>> type) {
            Comparator<Object> cmp = sorted ? (Comparator<Object>) kryo.readClassAndObject(in) : null;
            int n = in.readVarInt(true);
            BoundedInput.declare(in, n, 1, "entries of " + type.getTypeName());
            Map<Object, Object> entries = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                entries.put(kryo.readClassAndObject(in), kryo.readClassAndObject(in));
            }
            return rebuild.apply(cmp, entries);
        }
    }
}

package io.jmpi.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Kryo serializers for JDK collections that Kryo's defaults cannot rebuild because they have
 * no public constructor or refuse {@code add}: {@code List.of}, {@code Set.of}, {@code Map.of},
 * {@code Arrays.asList} and the {@code Collections.unmodifiable*} wrappers. Each is written as
 * its elements and rebuilt as an equal collection of the same kind.
 */
final class JdkSerializers {
    private JdkSerializers() {
    }

    static void register(Kryo kryo) {
        ListSerializer immutableList = new ListSerializer(List::copyOf);
        for (List<?> l : List.of(List.of(), List.of(1), List.of(1, 2, 3), List.of(1, 2, 3).subList(0, 1))) {
            kryo.addDefaultSerializer(l.getClass(), immutableList);
        }
        kryo.addDefaultSerializer(Arrays.asList().getClass(), new ListSerializer(l -> Arrays.asList(l.toArray())));
        kryo.addDefaultSerializer(Collections.unmodifiableList(new ArrayList<>()).getClass(),
                new ListSerializer(Collections::unmodifiableList));
        kryo.addDefaultSerializer(Collections.unmodifiableList(new java.util.LinkedList<>()).getClass(),
                new ListSerializer(Collections::unmodifiableList));

        SetSerializer immutableSet = new SetSerializer(Set::copyOf);
        for (Set<?> s : List.of(Set.of(), Set.of(1), Set.of(1, 2, 3))) {
            kryo.addDefaultSerializer(s.getClass(), immutableSet);
        }
        kryo.addDefaultSerializer(Collections.unmodifiableSet(new java.util.HashSet<>()).getClass(),
                new SetSerializer(Collections::unmodifiableSet));
        kryo.addDefaultSerializer(Collections.unmodifiableSortedSet(new TreeSet<>()).getClass(),
                new SetSerializer(s -> Collections.unmodifiableSortedSet(new TreeSet<>(s))));

        MapSerializer immutableMap = new MapSerializer(Map::copyOf);
        for (Map<?, ?> m : List.of(Map.of(), Map.of(1, 1), Map.of(1, 1, 2, 2))) {
            kryo.addDefaultSerializer(m.getClass(), immutableMap);
        }
        kryo.addDefaultSerializer(Collections.unmodifiableMap(new HashMap<>()).getClass(),
                new MapSerializer(Collections::unmodifiableMap));
        kryo.addDefaultSerializer(Collections.unmodifiableSortedMap(new TreeMap<>()).getClass(),
                new MapSerializer(m -> Collections.unmodifiableSortedMap(new TreeMap<>(m))));
    }

    private static void writeElements(Kryo kryo, Output out, Collection<?> c) {
        out.writeVarInt(c.size(), true);
        for (Object e : c) {
            kryo.writeClassAndObject(out, e);
        }
    }

    private static final class ListSerializer extends Serializer<List<?>> {
        private final Function<List<Object>, List<?>> rebuild;

        ListSerializer(Function<List<Object>, List<?>> rebuild) {
            this.rebuild = rebuild;
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output out, List<?> list) {
            writeElements(kryo, out, list);
        }

        @Override
        public List<?> read(Kryo kryo, Input in, Class<? extends List<?>> type) {
            int n = in.readVarInt(true);
            List<Object> items = new ArrayList<>(Math.min(n, 1024));
            for (int i = 0; i < n; i++) {
                items.add(kryo.readClassAndObject(in));
            }
            return rebuild.apply(items);
        }
    }

    private static final class SetSerializer extends Serializer<Set<?>> {
        private final Function<Set<Object>, Set<?>> rebuild;

        SetSerializer(Function<Set<Object>, Set<?>> rebuild) {
            this.rebuild = rebuild;
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output out, Set<?> set) {
            writeElements(kryo, out, set);
        }

        @Override
        public Set<?> read(Kryo kryo, Input in, Class<? extends Set<?>> type) {
            int n = in.readVarInt(true);
            Set<Object> items = new LinkedHashSet<>();
            for (int i = 0; i < n; i++) {
                items.add(kryo.readClassAndObject(in));
            }
            return rebuild.apply(items);
        }
    }

    private static final class MapSerializer extends Serializer<Map<?, ?>> {
        private final Function<Map<Object, Object>, Map<?, ?>> rebuild;

        MapSerializer(Function<Map<Object, Object>, Map<?, ?>> rebuild) {
            this.rebuild = rebuild;
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output out, Map<?, ?> map) {
            out.writeVarInt(map.size(), true);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                kryo.writeClassAndObject(out, e.getKey());
                kryo.writeClassAndObject(out, e.getValue());
            }
        }

        @Override
        public Map<?, ?> read(Kryo kryo, Input in, Class<? extends Map<?, ?>> type) {
            int n = in.readVarInt(true);
            Map<Object, Object> items = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                items.put(kryo.readClassAndObject(in), kryo.readClassAndObject(in));
            }
            return rebuild.apply(items);
        }
    }
}

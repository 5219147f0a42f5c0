package io.jmpi.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.MapSerializer;

import java.util.Collection;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Kryo's default serializers that allocate for a count read from the data (object arrays,
 * {@code String[]}, {@code boolean[]}, collections and maps sized up front), each with the
 * count checked first against the bytes that arrived ({@link BoundedInput#declare}). Reading
 * is otherwise Kryo's own, so the format is unchanged.
 *
 * <p>The other defaults need no replacement: primitive arrays, {@code BigInteger},
 * {@code BitSet} and strings read through {@link BoundedInput}'s checked bulk reads, and the
 * tree-based collections grow only as elements arrive.
 */
final class BoundedSerializers {
    private BoundedSerializers() {
    }

    /**
     * Returns the bounded equivalent of a default serializer Kryo chose for {@code type}, or
     * {@code chosen} itself when it needs none.
     */
    @SuppressWarnings("rawtypes")
    static Serializer bounded(Kryo kryo, Class type, Serializer chosen) {
        Class<?> c = chosen.getClass();
        if (c == CollectionSerializer.class) {
            return new BoundedCollectionSerializer();
        }
        if (c == MapSerializer.class) {
            return new BoundedMapSerializer();
        }
        if (c == DefaultSerializers.PriorityQueueSerializer.class) {
            return new BoundedPriorityQueueSerializer();
        }
        if (c == DefaultArraySerializers.ObjectArraySerializer.class) {
            return new BoundedObjectArraySerializer(kryo, type);
        }
        if (c == DefaultArraySerializers.StringArraySerializer.class) {
            return new BoundedStringArraySerializer();
        }
        if (c == DefaultArraySerializers.BooleanArraySerializer.class) {
            return new BoundedBooleanArraySerializer();
        }
        return chosen;
    }

    /** Checks the length an array serializer is about to read (Kryo writes length + 1; 0 is null). */
    private static void declareArrayLength(Input in, Class<?> type) {
        if (in instanceof BoundedInput b) {
            long lengthPlusOne = b.peekVarInt();
            if (lengthPlusOne > 1) {
                b.declare(lengthPlusOne - 1, 1, "elements of " + type.getTypeName());
            }
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class BoundedCollectionSerializer extends CollectionSerializer<Collection> {
        @Override
        protected Collection create(Kryo kryo, Input input, Class<? extends Collection> type, int size) {
            BoundedInput.declare(input, size, 1, "elements of " + type.getTypeName());
            return super.create(kryo, input, type, size);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class BoundedMapSerializer extends MapSerializer<Map> {
        @Override
        protected Map create(Kryo kryo, Input input, Class<? extends Map> type, int size) {
            BoundedInput.declare(input, size, 1, "entries of " + type.getTypeName());
            return super.create(kryo, input, type, size);
        }
    }

    static final class BoundedPriorityQueueSerializer extends DefaultSerializers.PriorityQueueSerializer {
        @Override
        protected PriorityQueue create(Kryo kryo, Input input, Class<? extends PriorityQueue> type, int size) {
            BoundedInput.declare(input, size, 1, "elements of " + type.getTypeName());
            return super.create(kryo, input, type, size);
        }
    }

    static final class BoundedObjectArraySerializer extends DefaultArraySerializers.ObjectArraySerializer {
        BoundedObjectArraySerializer(Kryo kryo, Class<?> type) {
            super(kryo, type);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Object[] read(Kryo kryo, Input input, Class type) {
            declareArrayLength(input, type);
            return super.read(kryo, input, type);
        }
    }

    static final class BoundedStringArraySerializer extends DefaultArraySerializers.StringArraySerializer {
        @Override
        @SuppressWarnings("rawtypes")
        public String[] read(Kryo kryo, Input input, Class type) {
            declareArrayLength(input, type);
            return super.read(kryo, input, type);
        }
    }

    static final class BoundedBooleanArraySerializer extends DefaultArraySerializers.BooleanArraySerializer {
        @Override
        @SuppressWarnings("rawtypes")
        public boolean[] read(Kryo kryo, Input input, Class type) {
            declareArrayLength(input, type);
            return super.read(kryo, input, type);
        }
    }
}

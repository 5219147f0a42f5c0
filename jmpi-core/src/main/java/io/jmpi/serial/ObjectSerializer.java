package io.jmpi.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import com.esotericsoftware.kryo.util.Pool;
import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import org.objenesis.strategy.StdInstantiatorStrategy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Turns objects into bytes and back with Kryo, from a pool of Kryo instances (Kryo is not
 * thread-safe). Any class can be sent, as mpi4py pickles any object: the names of classes
 * that are not registered travel with the data. In strict mode ({@link ClassRegistry}) only
 * registered classes may travel, both ways.
 *
 * <p>Deserialization trusts no length declared inside the data: every array size, collection
 * or map size and string length is checked against the bytes of the message that remain
 * before anything is allocated for it ({@code ERR_OTHER} naming both).
 *
 * <p>Thread-safe. Classes are resolved with the calling thread's context class loader, so
 * classes defined in jshell or in a plugin class loader round-trip.
 *
 * <p>MPI: none (MPI has no object messages); mpi4py: {@code MPI.pickle}.
 */
public final class ObjectSerializer {
    /** The classes a new Kryo registers itself, in id order (ids 0 to 8), before jmpi's. */
    static final List<Class<?>> KRYO_DEFAULT_REGISTRATIONS = List.of(int.class, String.class, float.class,
            boolean.class, byte.class, char.class, short.class, long.class, double.class);
    /** The wrappers of Kryo's primitives: registering one finds its primitive's registration, no new id. */
    private static final List<Class<?>> KRYO_WRAPPERS = List.of(Integer.class, Float.class, Boolean.class,
            Byte.class, Character.class, Short.class, Long.class, Double.class);
    private static final int INITIAL_BUFFER = 256;
    private static final int OUTPUT_BUFFER = 256 * 1024;
    /** Each thread's output buffer for {@link #serializeBlocks}, while no serialization uses it. */
    private static final ThreadLocal<BulkOutput> OUTPUT = ThreadLocal.withInitial(() -> new BulkOutput(OUTPUT_BUFFER));

    private final ClassRegistry registry;
    private final Pool<Kryo> pool = new Pool<>(true, false, 64) {
        @Override
        protected Kryo create() {
            return newKryo(registry);
        }
    };
    private volatile List<String> registrations;
    private volatile List<String> agreement;

    /** A serializer for any class, with only the common JDK types registered. */
    public ObjectSerializer() {
        this(ClassRegistry.DEFAULT);
    }

    /**
     * A serializer with {@code registry}'s classes registered (after the common JDK types).
     * Kryo instances are made on first use.
     *
     * @param registry the registered classes and whether only they may travel
     */
    public ObjectSerializer(ClassRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Takes a Kryo from the pool, making one if none is free.
     *
     * @throws MpiException {@code ERR_ARG} if a registered class cannot be registered
     */
    private Kryo obtain() {
        try {
            return pool.obtain();
        } catch (MpiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MpiException(ErrorClass.ERR_ARG, "cannot register the classes " + registry.classes()
                    + " for object messages: " + e.getMessage(), e);
        }
    }

    private static Kryo newKryo(ClassRegistry registry) {
        Kryo kryo = new JdkAwareKryo(registry.isStrict());
        kryo.setRegistrationRequired(registry.isStrict());
        kryo.setReferences(true);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        JdkSerializers.register(kryo);
        for (Class<?> c : JdkSerializers.COMMON_TYPES) {
            kryo.register(c);
        }
        for (Class<?> c : registry.classes()) {
            kryo.register(c);
        }
        return kryo;
    }

    /** @return whether only registered classes may travel */
    public boolean isStrict() {
        return registry.isStrict();
    }

    /**
     * Describes this serializer's registrations, one line each: first the mode, then every
     * registered class by id ({@code #12 java.util.UUID (...UUIDSerializer)}). Two ranks
     * exchange objects correctly only if these lines are equal; start-up compares them.
     *
     * @return the lines
     * @throws MpiException {@code ERR_ARG} if a registered class cannot be registered
     */
    public List<String> registrations() {
        List<String> lines = registrations;
        if (lines == null) {
            Kryo kryo = obtain();
            try {
                List<String> l = new ArrayList<>();
                l.add("strict " + registry.isStrict());
                for (int id = 0; id < kryo.getNextRegistrationId(); id++) {
                    Registration r = kryo.getRegistration(id);
                    if (r != null) {
                        l.add("#" + id + " " + r.getType().getTypeName() + " ("
                                + r.getSerializer().getClass().getName() + ")");
                    }
                }
                lines = List.copyOf(l);
                registrations = lines;
            } finally {
                pool.free(kryo);
            }
        }
        return lines;
    }

    /**
     * Describes what two ranks must share to exchange objects, one line each, as cheaply as
     * start-up allows: the mode; the Kryo version and a digest of jmpi's serializer classes
     * (which fix how the common JDK types are written); every common type by id
     * ({@code #12 java.util.UUID}); and every class the user registered by id with its
     * serializer ({@code #141 com.example.Point (...FieldSerializer)}). Start-up compares these
     * lines. Kryo itself (about 0.1 s of a rank's start-up) is built only when the user
     * registered classes, to name their serializers.
     *
     * @return the lines
     * @throws MpiException {@code ERR_ARG} if a registered class cannot be registered
     */
    public List<String> agreement() {
        List<String> lines = agreement;
        if (lines == null) {
            List<String> l = new ArrayList<>();
            l.add("strict " + registry.isStrict());
            l.add("kryo " + SerializerVersions.KRYO + ", jmpi serializers " + SerializerVersions.JMPI);
            Set<Class<?>> registered = new HashSet<>(KRYO_DEFAULT_REGISTRATIONS);
            registered.addAll(KRYO_WRAPPERS);
            int id = KRYO_DEFAULT_REGISTRATIONS.size();
            for (Class<?> c : JdkSerializers.COMMON_TYPES) {
                if (registered.add(c)) {
                    l.add("#" + id++ + " " + c.getTypeName());
                }
            }
            List<Class<?>> own = registry.classes().stream().filter(c -> !registered.contains(c)).toList();
            if (!own.isEmpty()) {
                Kryo kryo = obtain();
                try {
                    for (Class<?> c : own) {
                        Registration r = kryo.getRegistration(c);
                        if (registered.add(c)) {
                            l.add("#" + r.getId() + " " + c.getTypeName() + " (" + r.getSerializer().getClass().getName()
                                    + ")");
                        }
                    }
                } finally {
                    pool.free(kryo);
                }
            }
            lines = List.copyOf(l);
            agreement = lines;
        }
        return lines;
    }


    /**
     * Serializes {@code value} (which may be {@code null}) into one array.
     *
     * @param value the object
     * @return its serialized form
     * @throws MpiException {@code ERR_OTHER} naming the class and the cause when it cannot be
     *     serialized (in strict mode also when a class in it is not registered)
     */
    public byte[] serialize(Object value) {
        return withKryo(kryo -> {
            Output out = new BulkOutput(INITIAL_BUFFER);
            kryo.writeClassAndObject(out, value);
            return out.toBytes();
        }, () -> "cannot serialize an object of " + (value == null ? "null" : value.getClass().getTypeName()));
    }

    /**
     * Serializes {@code value} into blocks of at most {@code blockSize} bytes (all full but the
     * last), so that objects whose serialized form exceeds 2 GiB can be sent.
     *
     * @param value the object
     * @param blockSize the size of each block
     * @return the blocks, in order
     * @throws MpiException {@code ERR_OTHER} naming the class and the cause when it cannot be
     *     serialized (in strict mode also when a class in it is not registered)
     */
    public List<byte[]> serializeBlocks(Object value, int blockSize) {
        return withKryo(kryo -> {
            BlockOutputStream blocks = new BlockOutputStream(blockSize);
            // The 256 KiB buffer is the thread's, reused by each send (a new one per send cost
            // more than serializing a small map); a nested serialization gets its own.
            BulkOutput out = OUTPUT.get();
            boolean reused = out != null && blockSize >= out.getBuffer().length;
            if (reused) {
                OUTPUT.set(null);
                out.setOutputStream(blocks);
            } else {
                out = new BulkOutput(blocks, Math.min(blockSize, OUTPUT_BUFFER));
            }
            try {
                kryo.writeClassAndObject(out, value);
                out.flush();
            } finally {
                out.setOutputStream(null);
                if (out.getBuffer().length == OUTPUT_BUFFER) {
                    OUTPUT.set(out);
                }
            }
            return blocks.finish();
        }, () -> "cannot serialize an object of " + (value == null ? "null" : value.getClass().getTypeName()));
    }

    /**
     * Deserializes what {@link #serializeBlocks} produced.
     *
     * @param blocks the serialized form, in blocks
     * @param length the total length
     * @return the object (may be {@code null})
     * @throws MpiException {@code ERR_OTHER} naming the cause (a missing class, corrupt data, a
     *     declared length beyond the bytes that arrived, an unregistered class in strict mode)
     */
    public Object deserialize(List<byte[]> blocks, long length) {
        if (blocks.size() == 1) {
            return deserialize(blocks.get(0), 0, (int) length);
        }
        return withKryo(kryo -> {
            Input in = new BoundedInput(new java.io.SequenceInputStream(java.util.Collections.enumeration(
                    blocks.stream().map(java.io.ByteArrayInputStream::new).toList())), 64 * 1024, length);
            Object value = kryo.readClassAndObject(in);
            if (in.total() != length) {
                throw new MpiException(ErrorClass.ERR_OTHER, "cannot deserialize: read " + in.total()
                        + " of " + length + " bytes");
            }
            return value;
        }, () -> "cannot deserialize the received object");
    }

    /**
     * Deserializes what {@link #serialize} produced.
     *
     * @param bytes the serialized form
     * @param offset where it starts
     * @param length its length
     * @return the object (may be {@code null})
     * @throws MpiException {@code ERR_OTHER} naming the cause (a missing class, corrupt data, a
     *     declared length beyond the bytes that arrived, an unregistered class in strict mode)
     */
    public Object deserialize(byte[] bytes, int offset, int length) {
        return withKryo(kryo -> {
            Input in = new BoundedInput(bytes, offset, length);
            Object value = kryo.readClassAndObject(in);
            if (in.position() != offset + length) {
                throw new MpiException(ErrorClass.ERR_OTHER, "cannot deserialize: "
                        + (offset + length - in.position()) + " of " + length + " bytes left unread");
            }
            return value;
        }, () -> "cannot deserialize the received object");
    }

    /**
     * Runs {@code work} with a pooled Kryo set to the calling thread's class loader; an
     * {@link MpiException} (also one Kryo wrapped) is rethrown as it is, any other failure
     * becomes {@code ERR_OTHER} with {@code what} and the cause.
     */
    private <T> T withKryo(java.util.function.Function<Kryo, T> work, java.util.function.Supplier<String> what) {
        Kryo kryo = obtain();
        try {
            kryo.setClassLoader(classLoader());
            return work.apply(kryo);
        } catch (MpiException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof MpiException m) {
                    throw new MpiException(m.getErrorClass(), m.getMessage(), e);
                }
            }
            throw new MpiException(ErrorClass.ERR_OTHER, what.get() + ": " + e.getMessage(), e);
        } finally {
            kryo.reset();
            pool.free(kryo);
        }
    }

    /**
     * Collects written bytes in fixed-size blocks (the last one trimmed), taking large
     * primitive arrays straight in.
     */
    private static final class BlockOutputStream extends java.io.OutputStream implements BulkOutput.ArraySink {
        private final int blockSize;
        private final List<byte[]> blocks = new java.util.ArrayList<>();
        private byte[] current;
        private int used;

        BlockOutputStream(int blockSize) {
            this.blockSize = blockSize;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                int n = Math.min(len, room(len));
                System.arraycopy(b, off, current, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void writeDoubles(double[] array, int offset, int count) {
            writeRuns(Double.BYTES, offset, count, (to, from, n) -> to.asDoubleBuffer().put(array, from, n));
        }

        @Override
        public void writeFloats(float[] array, int offset, int count) {
            writeRuns(Float.BYTES, offset, count, (to, from, n) -> to.asFloatBuffer().put(array, from, n));
        }

        /** Puts elements {@code from .. from+n-1} of an array into a little-endian buffer. */
        private interface Run {
            void put(java.nio.ByteBuffer to, int from, int n);
        }

        /** Writes {@code count} elements of {@code width} bytes in runs that fill the blocks. */
        private void writeRuns(int width, int offset, int count, Run run) {
            while (count > 0) {
                int n = Math.min(count, room((long) count * width) / width);
                if (n == 0) {
                    // the block ends within an element: as Kryo's own output, its bytes straddle it
                    byte[] one = new byte[width];
                    run.put(java.nio.ByteBuffer.wrap(one).order(java.nio.ByteOrder.LITTLE_ENDIAN), offset, 1);
                    write(one, 0, width);
                    n = 1;
                } else {
                    run.put(java.nio.ByteBuffer.wrap(current, used, n * width).order(java.nio.ByteOrder.LITTLE_ENDIAN),
                            offset, n);
                    used += n * width;
                }
                offset += n;
                count -= n;
            }
        }

        /**
         * Makes room in the current block for up to {@code wanted} more bytes: the first block
         * and each new one start at the size wanted (at least 256 bytes, at most the block
         * size) and grow at least fourfold; a full block of the block size is kept and a new
         * one begun.
         *
         * @return the free bytes of the current block (at least one)
         */
        private int room(long wanted) {
            if (current == null) {
                current = new byte[(int) Math.min(blockSize, Math.max(256, wanted))];
                used = 0;
            } else if (used == current.length) {
                if (current.length < blockSize) {
                    long grown = Math.max(current.length * 4L, used + wanted);
                    current = java.util.Arrays.copyOf(current, (int) Math.min(blockSize, grown));
                } else {
                    blocks.add(current);
                    current = new byte[(int) Math.min(blockSize, Math.max(256, wanted))];
                    used = 0;
                }
            }
            return current.length - used;
        }

        List<byte[]> finish() {
            if (current != null) {
                blocks.add(used == current.length ? current : java.util.Arrays.copyOf(current, used));
            }
            if (blocks.isEmpty()) {
                blocks.add(new byte[0]);
            }
            return blocks;
        }
    }

    /**
     * Kryo whose fallback for classes of the JDK's named modules (whose fields Kryo may not
     * reach without {@code --add-opens}) is Java serialization, when they are serializable:
     * exceptions and the like round-trip with no JVM flag. Its default serializers are bounded
     * ({@link BoundedSerializers}), and in strict mode it says how to register a class.
     */
    private static final class JdkAwareKryo extends Kryo {
        private final boolean strict;

        JdkAwareKryo(boolean strict) {
            super(new CheckingClassResolver(), new MapReferenceResolver());
            this.strict = strict;
        }

        @Override
        @SuppressWarnings("rawtypes")
        protected com.esotericsoftware.kryo.Serializer newDefaultSerializer(Class type) {
            Module module = type.getModule();
            if (module.isNamed() && java.io.Serializable.class.isAssignableFrom(type)
                    && !module.isOpen(type.getPackageName(), Kryo.class.getModule())) {
                return new JavaFallbackSerializer(strict);
            }
            return super.newDefaultSerializer(type);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public com.esotericsoftware.kryo.Serializer getDefaultSerializer(Class type) {
            return BoundedSerializers.bounded(this, type, super.getDefaultSerializer(type));
        }

        @Override
        @SuppressWarnings("rawtypes")
        protected String unregisteredClassMessage(Class type) {
            String name = type.getTypeName();
            String code = type.getCanonicalName() != null ? type.getCanonicalName() : name;
            return "class " + name + " is not registered, and strict serialization (" + ClassRegistry.STRICT_PROPERTY
                    + "=true) sends registered classes only: register it on every rank, in the same order, before"
                    + " MPI.init, with MPI.registerClass(" + code + ".class)";
        }
    }

    /**
     * Reads class ids with clear errors: an id this rank has not registered names the range it
     * has; in strict mode a class sent by name (not registered by the sender) is refused
     * before it is looked up.
     */
    private static final class CheckingClassResolver extends DefaultClassResolver {
        @Override
        public Registration readClass(Input input) {
            int id = input.readVarInt(true);
            if (id == Kryo.NULL) {
                return null;
            }
            if (id == NAME + 2) {
                if (kryo.isRegistrationRequired()) {
                    input.readVarInt(true); // the name's id in this message
                    String name = input.readString();
                    throw new KryoException("the object holds class " + name + ", which the sender did not"
                            + " register: strict serialization (" + ClassRegistry.STRICT_PROPERTY + "=true) on this"
                            + " rank accepts registered classes only");
                }
                return readName(input);
            }
            Registration r = idToRegistration.get(id - 2);
            if (r == null) {
                throw new KryoException("the object holds class id " + (id - 2) + ", which is not registered on"
                        + " this rank (it registers ids 0.." + (kryo.getNextRegistrationId() - 1) + "): the ranks"
                        + " register different classes, or the data is corrupt");
            }
            return r;
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : ObjectSerializer.class.getClassLoader();
    }
}

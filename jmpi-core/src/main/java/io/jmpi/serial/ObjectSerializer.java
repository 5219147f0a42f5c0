package io.jmpi.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.Pool;
import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import org.objenesis.strategy.StdInstantiatorStrategy;

import java.util.List;

/**
 * Turns objects into bytes and back with Kryo, from a pool of Kryo instances (Kryo is not
 * thread-safe). Any class can be sent, as mpi4py pickles any object; class names travel with
 * the data.
 *
 * <p>Thread-safe. Classes are resolved with the calling thread's context class loader, so
 * classes defined in jshell or in a plugin class loader round-trip.
 *
 * <p>MPI: none (MPI has no object messages); mpi4py: {@code MPI.pickle}.
 */
public final class ObjectSerializer {
    private static final int INITIAL_BUFFER = 256;

    private final Pool<Kryo> pool = new Pool<>(true, false, 64) {
        @Override
        protected Kryo create() {
            return newKryo();
        }
    };

    private static Kryo newKryo() {
        Kryo kryo = new JdkAwareKryo();
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        JdkSerializers.register(kryo);
        return kryo;
    }

    /**
     * Serializes {@code value} (which may be {@code null}) into one array.
     *
     * @param value the object
     * @return its serialized form
     * @throws MpiException {@code ERR_OTHER} naming the class and the cause when it cannot be
     *     serialized
     */
    public byte[] serialize(Object value) {
        return withKryo(kryo -> {
            Output out = new Output(INITIAL_BUFFER, -1);
            kryo.writeClassAndObject(out, value);
            return out.toBytes();
        }, () -> "cannot serialize an object of " + (value == null ? "null" : value.getClass().getName()));
    }

    /**
     * Serializes {@code value} into blocks of at most {@code blockSize} bytes (all full but the
     * last), so that objects whose serialized form exceeds 2 GiB can be sent.
     *
     * @param value the object
     * @param blockSize the size of each block
     * @return the blocks, in order
     * @throws MpiException {@code ERR_OTHER} naming the class and the cause when it cannot be
     *     serialized
     */
    public List<byte[]> serializeBlocks(Object value, int blockSize) {
        return withKryo(kryo -> {
            BlockOutputStream blocks = new BlockOutputStream(blockSize);
            Output out = new Output(blocks, Math.min(blockSize, 64 * 1024));
            kryo.writeClassAndObject(out, value);
            out.flush();
            return blocks.finish();
        }, () -> "cannot serialize an object of " + (value == null ? "null" : value.getClass().getName()));
    }

    /**
     * Deserializes what {@link #serializeBlocks} produced.
     *
     * @param blocks the serialized form, in blocks
     * @param length the total length
     * @return the object (may be {@code null})
     * @throws MpiException {@code ERR_OTHER} naming the cause (a missing class, corrupt data)
     */
    public Object deserialize(List<byte[]> blocks, long length) {
        if (blocks.size() == 1) {
            return deserialize(blocks.get(0), 0, (int) length);
        }
        return withKryo(kryo -> {
            Input in = new Input(new java.io.SequenceInputStream(java.util.Collections.enumeration(
                    blocks.stream().map(java.io.ByteArrayInputStream::new).toList())), 64 * 1024);
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
     * @throws MpiException {@code ERR_OTHER} naming the cause (a missing class, corrupt data)
     */
    public Object deserialize(byte[] bytes, int offset, int length) {
        return withKryo(kryo -> {
            Input in = new Input(bytes, offset, length);
            Object value = kryo.readClassAndObject(in);
            if (in.position() != offset + length) {
                throw new MpiException(ErrorClass.ERR_OTHER, "cannot deserialize: "
                        + (offset + length - in.position()) + " of " + length + " bytes left unread");
            }
            return value;
        }, () -> "cannot deserialize the received object");
    }

    /**
     * Runs {@code work} with a pooled Kryo set to the calling thread's class loader; any failure
     * but an {@link MpiException} becomes {@code ERR_OTHER} with {@code what} and the cause.
     */
    private <T> T withKryo(java.util.function.Function<Kryo, T> work, java.util.function.Supplier<String> what) {
        Kryo kryo = pool.obtain();
        try {
            kryo.setClassLoader(classLoader());
            return work.apply(kryo);
        } catch (MpiException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new MpiException(ErrorClass.ERR_OTHER, what.get() + ": " + e.getMessage(), e);
        } finally {
            kryo.reset();
            pool.free(kryo);
        }
    }

    /** Collects written bytes in fixed-size blocks. */
    private static final class BlockOutputStream extends java.io.OutputStream {
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
                if (current == null) {
                    current = new byte[blocks.isEmpty() ? Math.min(blockSize, Math.max(256, len)) : blockSize];
                    used = 0;
                } else if (used == current.length) {
                    if (current.length < blockSize) {
                        current = java.util.Arrays.copyOf(current, (int) Math.min(blockSize, current.length * 2L));
                    } else {
                        blocks.add(current);
                        current = new byte[blockSize];
                        used = 0;
                    }
                }
                int n = Math.min(len, current.length - used);
                System.arraycopy(b, off, current, used, n);
                used += n;
                off += n;
                len -= n;
            }
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
     * {@code UUID}, {@code java.time} values and the like round-trip with no JVM flag.
     */
    private static final class JdkAwareKryo extends Kryo {
        @Override
        @SuppressWarnings("rawtypes")
        protected com.esotericsoftware.kryo.Serializer newDefaultSerializer(Class type) {
            Module module = type.getModule();
            if (module.isNamed() && java.io.Serializable.class.isAssignableFrom(type)
                    && !module.isOpen(type.getPackageName(), Kryo.class.getModule())) {
                return new com.esotericsoftware.kryo.serializers.JavaSerializer();
            }
            return super.newDefaultSerializer(type);
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : ObjectSerializer.class.getClassLoader();
    }
}

package io.jmpi.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.jmpi.ErrorClass;
import io.jmpi.MpiException;

import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.HashSet;
import java.util.Set;

/**
 * Java serialization, for the serializable classes of the JDK's named modules whose fields Kryo
 * may not reach without {@code --add-opens} (exceptions, for example). Each object is one
 * self-contained Java stream inside the Kryo data.
 *
 * <p>Reading goes through a filter: an array (also the tables that JDK collections size with
 * {@code ObjectInputStream}'s array checks) may not declare more elements than the bytes that
 * remain could hold, and in strict mode only registered classes, their superclasses and the
 * {@code java.*} classes of {@code java.base} may appear.
 */
final class JavaFallbackSerializer extends Serializer<Object> {
    /** Bytes an {@code ObjectInputStream} may have read ahead of the Kryo input's position. */
    private static final int READ_AHEAD = 1024;
    /** Tables JDK collections size themselves start at 16 entries. */
    private static final int SMALL_TABLE = 16;

    private final boolean strict;

    JavaFallbackSerializer(boolean strict) {
        this.strict = strict;
    }

    @Override
    public void write(Kryo kryo, Output output, Object object) {
        try {
            ObjectOutputStream out = new ObjectOutputStream(output);
            out.writeObject(object);
            out.flush();
        } catch (IOException e) {
            throw new KryoException("Java serialization of " + object.getClass().getTypeName() + " failed: " + e, e);
        }
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<?> type) {
        Filter filter = new Filter(kryo, input);
        try {
            ObjectInputStream in = new ObjectInputStream(input) {
                @Override
                protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                    try {
                        return Class.forName(desc.getName(), false, kryo.getClassLoader());
                    } catch (ClassNotFoundException e) {
                        return super.resolveClass(desc);
                    }
                }
            };
            ObjectInputFilter previous = in.getObjectInputFilter();
            in.setObjectInputFilter(info -> {
                ObjectInputFilter.Status mine = filter.checkInput(info);
                if (mine != ObjectInputFilter.Status.UNDECIDED || previous == null) {
                    return mine;
                }
                return previous.checkInput(info);
            });
            return in.readObject();
        } catch (InvalidClassException e) {
            if (filter.refusal != null) {
                throw new MpiException(ErrorClass.ERR_OTHER, filter.refusal, e);
            }
            throw new KryoException("Java deserialization of " + type.getTypeName() + " failed: " + e, e);
        } catch (IOException | ClassNotFoundException e) {
            throw new KryoException("Java deserialization of " + type.getTypeName() + " failed: " + e, e);
        }
    }

    /** Bounds arrays by the bytes that remain; in strict mode, also the classes. */
    private final class Filter implements ObjectInputFilter {
        private final Kryo kryo;
        private final Input input;
        private final Set<Class<?>> superclasses = new HashSet<>();
        private long declared;
        private String refusal;

        Filter(Kryo kryo, Input input) {
            this.kryo = kryo;
            this.input = input;
        }

        @Override
        public Status checkInput(FilterInfo info) {
            if (info.arrayLength() >= 0 && input instanceof BoundedInput b) {
                long length = info.arrayLength();
                long bound = 2 * (b.remaining() + READ_AHEAD) + SMALL_TABLE;
                declared += Math.max(0, length - SMALL_TABLE);
                if (length > bound || declared > 2 * (b.length() + READ_AHEAD)) {
                    refusal = "cannot deserialize the received object: its Java-serialized part declares an array of "
                            + length + " elements but only " + b.remaining() + " bytes of the message remain"
                            + " (the data is corrupt or forged)";
                    return Status.REJECTED;
                }
            }
            Class<?> c = info.serialClass();
            if (strict && c != null && !allowed(c)) {
                refusal = "cannot deserialize the received object: its Java-serialized part holds class "
                        + c.getTypeName() + ", which is not registered on this rank: strict serialization"
                        + " (jmpi.serial.strict=true) accepts registered classes only";
                return Status.REJECTED;
            }
            return Status.UNDECIDED;
        }

        private boolean allowed(Class<?> c) {
            Class<?> e = c;
            while (e.isArray()) {
                e = e.getComponentType();
            }
            if (e.isPrimitive() || superclasses.contains(e)) {
                return true;
            }
            boolean ok = kryo.getClassResolver().getRegistration(e) != null
                    || (e.getModule() == Object.class.getModule() && e.getPackageName().startsWith("java."));
            if (ok) {
                for (Class<?> s = e.getSuperclass(); s != null; s = s.getSuperclass()) {
                    superclasses.add(s);
                }
            }
            return ok;
        }
    }
}

package io.jmpi.serial;

import org.objenesis.ObjenesisStd;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;

/**
 * A class that only its own class loader can see, as a class of a plugin or of one rank's
 * class path would be: {@code public class jmpi.foreign.Sample { public int value; }}, defined
 * from bytes written here (no constructor; instances are made as deserializers make them).
 */
public final class ForeignClass {
    /** The class's name. */
    public static final String NAME = "jmpi.foreign.Sample";

    private ForeignClass() {
    }

    /**
     * Defines the class in a new class loader.
     *
     * @return the class
     */
    public static Class<?> define() {
        byte[] bytes = classFile();
        return new ClassLoader(ForeignClass.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(NAME, bytes, 0, bytes.length);
            }
        }.define();
    }

    /**
     * Makes an instance of a class from {@link #define()} with {@code value} set.
     *
     * @param type the class
     * @param value the value
     * @return the instance
     */
    public static Object instance(Class<?> type, int value) {
        try {
            Object o = new ObjenesisStd().newInstance(type);
            Field f = type.getField("value");
            f.setInt(o, value);
            return o;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] classFile() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0xCAFEBABE);
            out.writeShort(0); // minor version
            out.writeShort(52); // major version: Java 8
            out.writeShort(7); // constant pool count (entries 1..6)
            out.writeByte(1);
            out.writeUTF(NAME.replace('.', '/')); // 1
            out.writeByte(7);
            out.writeShort(1); // 2: this class
            out.writeByte(1);
            out.writeUTF("java/lang/Object"); // 3
            out.writeByte(7);
            out.writeShort(3); // 4: superclass
            out.writeByte(1);
            out.writeUTF("value"); // 5
            out.writeByte(1);
            out.writeUTF("I"); // 6
            out.writeShort(0x0021); // public, super
            out.writeShort(2);
            out.writeShort(4);
            out.writeShort(0); // interfaces
            out.writeShort(1); // fields
            out.writeShort(0x0001); // public int value
            out.writeShort(5);
            out.writeShort(6);
            out.writeShort(0);
            out.writeShort(0); // methods
            out.writeShort(0); // attributes
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

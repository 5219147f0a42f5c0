package io.jmpi.serial;

import com.esotericsoftware.kryo.Kryo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * What decides how ranks write objects, besides their registrations: the Kryo version and the
 * code of jmpi's own serializers. Two ranks whose values differ may misread each other's objects,
 * so start-up compares them ({@link ObjectSerializer#agreement()}).
 */
final class SerializerVersions {
    /** The classes whose code decides how objects are written and read. */
    private static final List<Class<?>> SERIALIZERS = List.of(ObjectSerializer.class, JdkSerializers.class,
            BoundedSerializers.class, BoundedInput.class, BulkOutput.class, JavaFallbackSerializer.class);

    /** Kryo's version, from its Maven metadata, or {@code unknown}. */
    static final String KRYO = kryoVersion();
    /** A digest of the class files of jmpi's serializers (first 12 hex digits of SHA-256). */
    static final String JMPI = serializersDigest();

    private SerializerVersions() {
    }

    private static String kryoVersion() {
        try (InputStream in = Kryo.class.getResourceAsStream("/META-INF/maven/com.esotericsoftware/kryo/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // fall through
        }
        Package pkg = Kryo.class.getPackage();
        return pkg != null && pkg.getImplementationVersion() != null ? pkg.getImplementationVersion() : "unknown";
    }

    private static String serializersDigest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Class<?> c : SERIALIZERS) {
                sha.update(c.getName().getBytes(StandardCharsets.UTF_8));
                try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                    if (in != null) {
                        sha.update(in.readAllBytes());
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unknown";
        }
    }
}

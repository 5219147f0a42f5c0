package io.jmpi.serial;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The classes a rank registers for object messages, in order, and whether only registered
 * classes may travel (strict mode). Registered classes travel as small ids instead of their
 * names; every rank must register the same classes in the same order, which start-up checks.
 *
 * <p>The common JDK types (boxed primitives, {@code String}, {@code BigInteger},
 * {@code BigDecimal}, {@code UUID}, {@code Optional}, {@code java.time} values, the usual
 * collections, {@code List.of}/{@code Map.of}, the unmodifiable and synchronized wrappers, and
 * arrays of these) are always registered, before the user's classes.
 *
 * <p>A session takes {@link #ofProcess()} when it starts: the classes given to
 * {@link io.jmpi.MPI#registerClass} and the system property {@value #STRICT_PROPERTY}.
 * Immutable and thread-safe; the process-wide list is thread-safe.
 *
 * <p>MPI: none (MPI has no object messages); mpi4py: none (pickle needs no registration).
 */
public final class ClassRegistry {
    /** {@code -Djmpi.serial.strict=true}: only registered classes (and the common JDK types) may travel. */
    public static final String STRICT_PROPERTY = "jmpi.serial.strict";

    /** Any class may travel, and none is registered beyond the common JDK types. */
    public static final ClassRegistry DEFAULT = new ClassRegistry(false, List.of());

    private static final LinkedHashSet<Class<?>> PROCESS = new LinkedHashSet<>();

    private final boolean strict;
    private final List<Class<?>> classes;

    private ClassRegistry(boolean strict, List<Class<?>> classes) {
        this.strict = strict;
        this.classes = classes;
    }

    /**
     * Returns a registry of {@code classes}, in this order (repeated classes count once).
     *
     * @param strict whether only registered classes may travel
     * @param classes the classes
     * @return the registry
     * @throws MpiException {@code ERR_ARG} if a class is {@code null}
     */
    public static ClassRegistry of(boolean strict, Class<?>... classes) {
        return new ClassRegistry(strict, List.copyOf(distinct(classes)));
    }

    /**
     * Returns what this process's sessions start with: the classes registered with
     * {@link #registerInProcess} so far, and strict mode if the system property
     * {@value #STRICT_PROPERTY} is {@code true}.
     *
     * @return the registry
     * @throws MpiException {@code ERR_ARG} if the property is neither {@code true} nor {@code false}
     */
    public static ClassRegistry ofProcess() {
        String value = System.getProperty(STRICT_PROPERTY);
        boolean strict;
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("false")) {
            strict = false;
        } else if (value.trim().equalsIgnoreCase("true")) {
            strict = true;
        } else {
            throw new MpiException(ErrorClass.ERR_ARG, STRICT_PROPERTY + "=" + value + " is invalid: it is true or false");
        }
        synchronized (PROCESS) {
            return new ClassRegistry(strict, List.copyOf(PROCESS));
        }
    }

    /**
     * Adds {@code classes}, in order, to the classes this process's sessions register when they
     * start ({@link io.jmpi.MPI#registerClass} checks that none has started yet).
     *
     * @param classes the classes
     * @throws MpiException {@code ERR_ARG} if a class is {@code null}
     */
    public static void registerInProcess(Class<?>... classes) {
        List<Class<?>> add = distinct(classes);
        synchronized (PROCESS) {
            PROCESS.addAll(add);
        }
    }

    private static List<Class<?>> distinct(Class<?>... classes) {
        if (classes == null) {
            throw new MpiException(ErrorClass.ERR_ARG, "classes is null");
        }
        LinkedHashSet<Class<?>> set = new LinkedHashSet<>();
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] == null) {
                throw new MpiException(ErrorClass.ERR_ARG, "classes[" + i + "] is null");
            }
            set.add(classes[i]);
        }
        return new ArrayList<>(set);
    }

    /** @return whether only registered classes (and the common JDK types) may travel */
    public boolean isStrict() {
        return strict;
    }

    /** @return the user's classes, in registration order */
    public List<Class<?>> classes() {
        return classes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassRegistry r && r.strict == strict && r.classes.equals(classes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(strict, classes);
    }

    @Override
    public String toString() {
        return "ClassRegistry[strict=" + strict + ", classes=" + classes + "]";
    }
}

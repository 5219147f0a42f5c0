package io.jmpi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hints as (key, value) string pairs, in insertion order, accepted where MPI takes an info
 * ({@link Intracomm#dup(Info)}). jmpi reads no hints yet; they are kept and returned by
 * {@link Comm#getInfo()}.
 *
 * <p>Thread-safe.
 *
 * <p>MPI: MPI_Info; mpi4py: {@code MPI.Info}.
 */
public final class Info {
    private final Map<String, String> entries = new LinkedHashMap<>();
    private final boolean frozen;
    private boolean freed;

    private Info(boolean frozen) {
        this.frozen = frozen;
    }

    static final Info NULL = new Info(true);

    /**
     * Creates an empty info.
     *
     * <p>MPI: MPI_Info_create; mpi4py: {@code Info.Create()}.
     *
     * @return the info
     */
    public static Info create() {
        return new Info(false);
    }

    /**
     * Sets a key's value.
     *
     * <p>MPI: MPI_Info_set; mpi4py: {@code Info.Set(key, value)} / {@code info[key] = value}.
     *
     * @param key the key (at most 255 characters)
     * @param value the value
     * @throws MpiException {@code ERR_ARG} for a null or too long key or value, or on {@link MPI#INFO_NULL}
     */
    public synchronized void set(String key, String value) {
        check();
        checkKey(key);
        if (value == null) {
            throw new MpiException(ErrorClass.ERR_ARG, "value is null for key " + key);
        }
        entries.put(key, value);
    }

    /**
     * Returns a key's value, or null if it is not set.
     *
     * <p>MPI: MPI_Info_get; mpi4py: {@code Info.Get(key)} / {@code info.get(key)}.
     *
     * @param key the key
     * @return the value or null
     */
    public synchronized String get(String key) {
        checkKey(key);
        return entries.get(key);
    }

    /**
     * Removes a key.
     *
     * <p>MPI: MPI_Info_delete; mpi4py: {@code Info.Delete(key)} / {@code del info[key]}.
     *
     * @param key the key
     * @throws MpiException {@code ERR_ARG} when the key is not set (MPI_ERR_INFO_NOKEY)
     */
    public synchronized void delete(String key) {
        check();
        checkKey(key);
        if (entries.remove(key) == null) {
            throw new MpiException(ErrorClass.ERR_ARG, "key " + key + " is not set in this info");
        }
    }

    /**
     * Returns the number of keys set.
     *
     * <p>MPI: MPI_Info_get_nkeys; mpi4py: {@code Info.Get_nkeys()} / {@code len(info)}.
     *
     * @return the number of keys
     */
    public synchronized int getNkeys() {
        return entries.size();
    }

    /**
     * Returns the n-th key, in insertion order.
     *
     * <p>MPI: MPI_Info_get_nthkey; mpi4py: {@code Info.Get_nthkey(n)}.
     *
     * @param n from 0 to {@code getNkeys() - 1}
     * @return the key
     * @throws MpiException {@code ERR_ARG} for {@code n} out of range
     */
    public synchronized String getNthkey(int n) {
        if (n < 0 || n >= entries.size()) {
            throw new MpiException(ErrorClass.ERR_ARG, "n " + n + " is out of range: the info has " + entries.size() + " keys");
        }
        return new ArrayList<>(entries.keySet()).get(n);
    }

    /**
     * Returns the keys, in insertion order.
     *
     * <p>MPI: none; mpi4py: {@code Info.keys()}.
     *
     * @return the keys
     */
    public synchronized List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    /**
     * Returns a copy.
     *
     * <p>MPI: MPI_Info_dup; mpi4py: {@code Info.Dup()}.
     *
     * @return a new info with the same entries
     */
    public synchronized Info dup() {
        Info copy = new Info(false);
        copy.entries.putAll(entries);
        return copy;
    }

    /**
     * Frees this info: it may no longer be changed.
     *
     * <p>MPI: MPI_Info_free; mpi4py: {@code Info.Free()}.
     *
     * @throws MpiException {@code ERR_ARG} on {@link MPI#INFO_NULL}
     */
    public synchronized void free() {
        check();
        freed = true;
        entries.clear();
    }

    private void check() {
        if (frozen) {
            throw new MpiException(ErrorClass.ERR_ARG, "MPI.INFO_NULL cannot be changed: use Info.create()");
        }
        if (freed) {
            throw new MpiException(ErrorClass.ERR_ARG, "this info has been freed");
        }
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 255) {
            throw new MpiException(ErrorClass.ERR_ARG, "key " + (key == null ? "null" : "\"" + key + "\"")
                    + " is invalid: use 1 to 255 characters");
        }
    }

    @Override
    public synchronized String toString() {
        return this == NULL ? "INFO_NULL" : "Info" + entries;
    }
}

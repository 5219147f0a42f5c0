package io.jmpi.internal.coll;

import io.jmpi.internal.p2p.Operation;
import io.jmpi.internal.p2p.Payload;

import java.util.function.BinaryOperator;

/**
 * How the values of a collective travel and combine, so that an algorithm (a binomial tree,
 * recursive doubling) is written once for packed buffers and for objects.
 *
 * @param <V> {@code byte[]} for buffers, any object for objects
 */
public abstract class Values<V> {

    /** Starts sending {@code v} to {@code dest}; {@code v} must not change until it completes. */
    abstract Operation isend(Coll c, V v, int dest);

    /** Receives a value from {@code source}. */
    abstract V recv(Coll c, int source);

    /**
     * Combines two values, {@code left} holding lower ranks' data. May reuse {@code right}'s
     * storage; {@code left} is not changed.
     */
    abstract V combine(V left, V right);

    /** Sends {@code v} to {@code dest} and receives from {@code source}, at once. */
    V sendrecv(Coll c, V v, int dest, int source) {
        Operation s = isend(c, v, dest);
        V got = recv(c, source);
        c.await(s);
        return got;
    }

    /**
     * Buffers: packed byte arrays of one length.
     *
     * @param length the length of every value in bytes
     * @param count the number of elements in a value
     * @param combiner the reduction ({@code null} when nothing is combined)
     * @return the values
     */
    public static Values<byte[]> bytes(int length, int count, Combiner combiner) {
        return new Values<>() {
            @Override
            Operation isend(Coll c, byte[] v, int dest) {
                return c.isend(v, 0, length, dest);
            }

            @Override
            byte[] recv(Coll c, int source) {
                byte[] b = new byte[length];
                c.recv(b, 0, length, source);
                return b;
            }

            @Override
            byte[] combine(byte[] left, byte[] right) {
                combiner.apply(left, 0, right, 0, count);
                return right;
            }
        };
    }

    /**
     * Objects, serialized with the engine's serializer; a value sent to several ranks is
     * serialized once.
     *
     * @param op the reduction ({@code null} when nothing is combined)
     * @return the values
     */
    public static Values<Object> objects(BinaryOperator<Object> op) {
        return new Values<>() {
            private Object last;
            private Payload lastPayload;

            @Override
            Operation isend(Coll c, Object v, int dest) {
                if (lastPayload == null || last != v) {
                    last = v;
                    lastPayload = c.payload(v);
                }
                return c.isend(lastPayload, dest);
            }

            @Override
            Object recv(Coll c, int source) {
                return c.recvObject(source);
            }

            @Override
            Object combine(Object left, Object right) {
                return op.apply(left, right);
            }
        };
    }
}

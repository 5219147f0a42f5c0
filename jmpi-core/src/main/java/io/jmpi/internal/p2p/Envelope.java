package io.jmpi.internal.p2p;

import io.jmpi.MPI;

/**
 * The matching part of a message: context, source rank in the communicator, tag.
 *
 * @param context the communicator context id
 * @param source the sender's rank in the communicator
 * @param tag the tag
 */
public record Envelope(int context, int source, int tag) {

    /** Whether a receive for ({@code context}, {@code source}, {@code tag}), possibly wildcards, accepts this. */
    boolean matches(int context, int source, int tag) {
        return this.context == context
                && (source == MPI.ANY_SOURCE || source == this.source)
                && (tag == MPI.ANY_TAG || tag == this.tag);
    }
}

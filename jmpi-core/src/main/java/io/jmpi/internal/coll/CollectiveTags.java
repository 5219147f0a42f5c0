package io.jmpi.internal.coll;

/**
 * Tags used on a communicator's collective context, one per operation, so that messages of
 * consecutive collectives of different kinds never match each other.
 */
final class CollectiveTags {
    static final int BARRIER = 1;

    private CollectiveTags() {
    }
}

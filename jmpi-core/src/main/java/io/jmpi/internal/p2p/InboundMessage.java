package io.jmpi.internal.p2p;

/**
 * A message that arrived before a receive matched it: its envelope and, for an eager message, a
 * copy of its payload; for a rendezvous message (RTS) only its length, the data staying with the
 * sender until a receive matches.
 *
 * @param envelope context, source, tag
 * @param peer the sender's job rank
 * @param kind the payload kind
 * @param flags the frame flags (synchronous mode)
 * @param id the sender's message id
 * @param length the message's length in bytes
 * @param payload the eager payload, or {@code null} for a rendezvous message
 */
public record InboundMessage(Envelope envelope, int peer, byte kind, byte flags, long id, long length, byte[] payload) {

    boolean isRendezvous() {
        return payload == null;
    }
}

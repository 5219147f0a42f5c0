package io.jmpi.internal.p2p;

/**
 * A message that arrived before a receive for it was posted: its envelope and a copy of its
 * payload.
 */
record InboundMessage(Envelope envelope, int sourceWorld, byte kind, byte[] payload) {
}

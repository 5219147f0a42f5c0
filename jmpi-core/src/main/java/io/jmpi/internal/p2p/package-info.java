/**
 * Point-to-point engine: envelopes, matching of posted receives against arrived messages, and
 * the protocols that move a message. <b>Not API.</b>
 *
 * <p>Matching follows MPI: a message matches the first posted receive whose (context, source,
 * tag) accept it, else waits in the unexpected queue; a receive matches the first unexpected
 * message it accepts, else is posted. Both queues are FIFO, and a transport delivers the frames
 * of one peer in order, so messages between one pair on one communicator never overtake.
 */
package io.jmpi.internal.p2p;

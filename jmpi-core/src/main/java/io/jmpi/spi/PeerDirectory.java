package io.jmpi.spi;

/**
 * Finds the published transport address of a peer (through the job's coordinator).
 *
 * <p>May block until the peer has published or a start-up timeout passes. Safe to call from
 * any thread.
 */
@FunctionalInterface
public interface PeerDirectory {

    /**
     * Returns the address {@code peer}'s transport published with
     * {@link Transport#localAddress()}.
     *
     * @param peer a rank of the job
     * @return the address
     * @throws io.jmpi.MpiException {@code ERR_PROC_FAILED} or {@code ERR_TIMEOUT} when it cannot
     *     be had
     */
    String lookup(int peer);
}

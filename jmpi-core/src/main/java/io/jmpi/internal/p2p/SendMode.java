package io.jmpi.internal.p2p;

/** MPI's send modes. */
public enum SendMode {
    /** Standard: eager when small, rendezvous when large. MPI_Send. */
    STANDARD,
    /** Synchronous: completes once the receive has matched. MPI_Ssend. */
    SYNCHRONOUS,
    /** Buffered: copies into the attached buffer, completes locally. MPI_Bsend. */
    BUFFERED,
    /** Ready: the receive is known to be posted; sent as standard. MPI_Rsend. */
    READY
}

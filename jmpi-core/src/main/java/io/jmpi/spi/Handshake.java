package io.jmpi.spi;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.internal.wire.WireFormat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The first frame on every connection between two ranks: who is calling, from which job, with
 * which secret, speaking which version of the wire format. Defined here, once, so that every
 * transport speaks the same handshake.
 *
 * <p>Layout (little-endian): {@code int magic "JMPI"}, {@code short version},
 * {@code int rank}, {@code short jobIdLength}, job id (UTF-8), {@code short secretLength},
 * secret. The whole handshake is at most {@link #MAX_LENGTH} bytes.
 *
 * @param version the caller's wire-format version
 * @param rank the caller's rank in the job
 * @param jobId the caller's job
 * @param secret the secret the caller presents
 */
public record Handshake(int version, int rank, String jobId, byte[] secret) {
    /** "JMPI" in ASCII. */
    public static final int MAGIC = 0x4A4D5049;
    /** The largest handshake accepted; checked before anything is allocated. */
    public static final int MAX_LENGTH = 1024;

    /**
     * Encodes a handshake of the current wire version.
     *
     * @param rank the caller's rank
     * @param jobId the job id
     * @param secret the job's secret
     * @return a little-endian buffer ready to send
     */
    public static ByteBuffer encode(int rank, String jobId, byte[] secret) {
        byte[] job = jobId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 2 + 4 + 2 + job.length + 2 + secret.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putShort((short) WireFormat.VERSION).putInt(rank)
                .putShort((short) job.length).put(job)
                .putShort((short) secret.length).put(secret);
        return b.flip();
    }

    /**
     * Decodes a handshake, checking every length against what arrived.
     *
     * @param frame the handshake frame
     * @return the handshake
     * @throws MpiException {@code ERR_OTHER} if the bytes are not a handshake
     */
    public static Handshake decode(ByteBuffer frame) {
        ByteBuffer b = frame.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (b.remaining() > MAX_LENGTH) {
                throw malformed("length " + b.remaining() + " exceeds " + MAX_LENGTH);
            }
            if (b.getInt() != MAGIC) {
                throw malformed("bad magic");
            }
            int version = b.getShort() & 0xFFFF;
            int rank = b.getInt();
            byte[] job = new byte[checkedLength(b)];
            b.get(job);
            byte[] secret = new byte[checkedLength(b)];
            b.get(secret);
            return new Handshake(version, rank, new String(job, StandardCharsets.UTF_8), secret);
        } catch (java.nio.BufferUnderflowException e) {
            throw malformed("truncated");
        }
    }

    private static int checkedLength(ByteBuffer b) {
        int n = b.getShort() & 0xFFFF;
        if (n > b.remaining()) {
            throw malformed("declared length " + n + " exceeds the " + b.remaining() + " bytes left");
        }
        return n;
    }

    private static MpiException malformed(String why) {
        return new MpiException(ErrorClass.ERR_OTHER, "malformed handshake: " + why);
    }

    /**
     * Checks this handshake against the job, in constant time for the secret.
     *
     * @param expectedJob the job id this rank belongs to
     * @param expectedSecret the job's secret
     * @param size the job's size (ranks are 0..size-1)
     * @return {@code null} if accepted, else why it is refused
     */
    public String refusal(String expectedJob, byte[] expectedSecret, int size) {
        if (version != WireFormat.VERSION) {
            return "wire version " + version + " (this rank speaks " + WireFormat.VERSION + ")";
        }
        if (!MessageDigest.isEqual(secret, expectedSecret)) {
            return "wrong secret";
        }
        if (!expectedJob.equals(jobId)) {
            return "job " + jobId + " is not this job";
        }
        if (rank < 0 || rank >= size) {
            return "rank " + rank + " is outside 0.." + (size - 1);
        }
        return null;
    }

    @Override
    public String toString() {
        return "Handshake[version=" + version + ", rank=" + rank + ", job=" + jobId + "]";
    }
}

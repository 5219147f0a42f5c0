package io.jmpi.spi;

import java.util.Map;

/**
 * What a transport is told about the rank it serves when it is opened.
 *
 * @param rank this rank in the job
 * @param size the number of ranks in the job
 * @param jobId the job's identifier; connections from other jobs are refused
 * @param secret the job's shared secret; connections that do not present it are refused
 * @param listener where inbound frames and lost peers are reported
 * @param directory where the addresses of peers are looked up
 * @param config configuration (system properties and {@code JMPI_*} settings, by property name)
 */
public record TransportContext(int rank, int size, String jobId, byte[] secret,
                               FrameListener listener, PeerDirectory directory,
                               Map<String, String> config) {

    /**
     * Returns a configuration value or a default.
     *
     * @param key the property name, such as {@code jmpi.tcp.interface}
     * @param defaultValue what to return when the key is not set
     * @return the value
     */
    public String config(String key, String defaultValue) {
        return config.getOrDefault(key, defaultValue);
    }
}

package io.jmpi.launcher;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Tells host names that mean this machine from the others: {@code localhost}, loopback
 * addresses, this machine's host name (full or short) and the addresses of its interfaces. Names
 * are never looked up in DNS, so a host that only resolves to this machine is remote: it is
 * started through the launch agent, which is harmless.
 */
public final class LocalHost {
    private static final Set<String> ALWAYS = Set.of("localhost", "127.0.0.1", "::1", "0:0:0:0:0:0:0:1");

    private LocalHost() {
    }

    /** @return this machine's name: {@code HOSTNAME}, else the JDK's local host name, else {@code localhost} */
    public static String name() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /**
     * Whether a host name means this machine.
     *
     * @param host the name, as given by {@code --host} or a hostfile
     * @return true for this machine
     */
    public static boolean isLocal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (ALWAYS.contains(h) || h.startsWith("127.")) {
            return true;
        }
        String me = name().toLowerCase(Locale.ROOT);
        if (h.equals(me) || h.equals(shortName(me)) || shortName(h).equals(me)) {
            return true;
        }
        if (h.matches("[0-9]+(\\.[0-9]+){3}") || (h.contains(":") && h.matches("[0-9a-f:.]+"))) {
            try {
                InetAddress a = InetAddress.getByName(h); // a literal: no lookup
                return NetworkInterface.getByInetAddress(a) != null;
            } catch (UnknownHostException | SocketException e) {
                return false;
            }
        }
        return false;
    }

    private static String shortName(String name) {
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}

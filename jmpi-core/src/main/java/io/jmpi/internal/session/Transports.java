package io.jmpi.internal.session;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.spi.TransportProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds transport providers on the class path. */
final class Transports {
    private Transports() {
    }

    /**
     * Returns the provider named {@code name}, or for {@code null} the first inter-process one.
     */
    static TransportProvider find(String name) {
        List<TransportProvider> all = new ArrayList<>();
        ServiceLoader.load(TransportProvider.class, Transports.class.getClassLoader()).forEach(all::add);
        for (TransportProvider p : all) {
            if (name != null ? p.name().equals(name) : p.interProcess()) {
                return p;
            }
        }
        List<String> names = all.stream().map(TransportProvider::name).toList();
        if (name != null) {
            throw new MpiException(ErrorClass.ERR_ARG, "transport '" + name + "' is not on the class path"
                    + " (found: " + names + "); tcp comes with jmpi-transport-netty");
        }
        throw new MpiException(ErrorClass.ERR_OTHER, "no inter-process transport on the class path (found: "
                + names + "): add jmpi-transport-netty");
    }
}

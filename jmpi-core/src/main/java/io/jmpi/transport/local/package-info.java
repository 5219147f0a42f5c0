/**
 * The in-process transport: ranks as threads of one JVM, frames handed over by method call.
 * Used for singleton worlds (jshell, plain {@code java Main}) and for testing parallel code with
 * JUnit without a launcher or sockets.
 */
package io.jmpi.transport.local;

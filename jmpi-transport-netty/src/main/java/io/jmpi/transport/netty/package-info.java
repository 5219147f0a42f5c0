/**
 * The TCP transport, on Netty 4.2. No Netty type leaves this package.
 */
package io.jmpi.transport.netty;

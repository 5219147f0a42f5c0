/**
 * jmpi's internals. <b>Not API</b>: anything under {@code io.jmpi.internal} may change in any
 * release without notice.
 */
package io.jmpi.internal;

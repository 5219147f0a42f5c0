/**
 * A rank's session: start-up, the engine and transport it owns, and the binding of sessions to
 * the process or to threads. <b>Not API.</b>
 */
package io.jmpi.internal.session;

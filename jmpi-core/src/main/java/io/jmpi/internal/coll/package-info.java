/**
 * Collective algorithms, each a schedule of point-to-point messages on a communicator's
 * collective context. They never touch a transport. <b>Not API.</b>
 */
package io.jmpi.internal.coll;

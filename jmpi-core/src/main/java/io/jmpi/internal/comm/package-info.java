/** Communicator state behind the public handles. <b>Not API.</b> */
package io.jmpi.internal.comm;

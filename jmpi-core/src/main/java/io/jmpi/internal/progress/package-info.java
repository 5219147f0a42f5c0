/** How threads wait for operations: spin, yield, park. <b>Not API.</b> */
package io.jmpi.internal.progress;

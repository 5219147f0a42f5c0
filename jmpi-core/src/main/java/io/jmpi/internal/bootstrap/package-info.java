/**
 * Start-up: how a rank learns who it is from its launcher's environment, and the job's
 * coordinator, a small authenticated key-value store with fences through which ranks publish
 * and find each other's transport addresses. <b>Not API.</b>
 */
package io.jmpi.internal.bootstrap;

/**
 * Serialization of generic Java objects for the object-mode operations (mpi4py's lowercase
 * methods, which pickle), with Kryo.
 */
package io.jmpi.serial;

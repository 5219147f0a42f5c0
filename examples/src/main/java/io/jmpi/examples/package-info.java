/**
 * Small programs to read first, ported from mpi4py's tutorial and demos. Run each with
 * {@code jmpiexec -n 4 java -cp examples/target/jmpi-examples.jar io.jmpi.examples.NAME}.
 */
package io.jmpi.examples;

package io.jmpi.internal.coll;

/** The predefined reduction operations (MPI_MAX ... MPI_NO_OP). */
public enum PredefinedOp {
    MAX, MIN, SUM, PROD, LAND, BAND, LOR, BOR, LXOR, BXOR, MAXLOC, MINLOC, REPLACE, NO_OP;

    /** @return whether the result does not depend on the order of the operands */
    public boolean isCommutative() {
        return this != REPLACE && this != NO_OP;
    }

    boolean isArithmetic() {
        return this == MAX || this == MIN || this == SUM || this == PROD;
    }

    boolean isLogical() {
        return this == LAND || this == LOR || this == LXOR;
    }

    boolean isBitwise() {
        return this == BAND || this == BOR || this == BXOR;
    }
}

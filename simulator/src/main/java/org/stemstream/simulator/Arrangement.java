package org.stemstream.simulator;

/**
 * How two cuboid corners lie relative to each other (the T3 label): their indices differ in one
 * bit (they share an edge), two bits (a face diagonal) or three bits (the body diagonal).
 */
public enum Arrangement {
    EDGE(1), FACE_DIAGONAL(2), BODY_DIAGONAL(3);

    private final int differingBits;

    Arrangement(int differingBits) {
        this.differingBits = differingBits;
    }

    /** The number of index bits in which the two corners differ: popcount(c1 XOR c2). */
    public int differingBits() {
        return differingBits;
    }

    /** The arrangement of two distinct corners 0..7. */
    public static Arrangement of(int corner1, int corner2) {
        if (corner1 < 0 || corner1 > 7 || corner2 < 0 || corner2 > 7 || corner1 == corner2) {
            throw new IllegalArgumentException("corners " + corner1 + " and " + corner2 + " are not two distinct corners 0..7");
        }
        return values()[Integer.bitCount(corner1 ^ corner2) - 1];
    }
}

package org.stemstream.simulator.io;

/** How float pixels become 16-bit samples. */
public enum PixelScaling {
    /** Rounded to the nearest integer and clamped to 0..65535: for detector counts. */
    COUNTS,
    /** min..max mapped linearly to 0..65535: for noiseless thickness images. */
    STRETCH
}

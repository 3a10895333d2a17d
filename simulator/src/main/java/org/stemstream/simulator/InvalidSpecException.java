package org.stemstream.simulator;

/** A simulation request that cannot be rendered; the message carries the offending numbers. */
public class InvalidSpecException extends IllegalArgumentException {

    public InvalidSpecException(String message) {
        super(message);
    }
}

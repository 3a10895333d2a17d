package org.stemstream.schemas.serde;

/** A registry call failed: unreachable after retries, or refused with an HTTP error. */
public class SchemaRegistryException extends RuntimeException {
    private final int status;

    public SchemaRegistryException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or -1 when the registry could not be reached. */
    public int status() {
        return status;
    }
}

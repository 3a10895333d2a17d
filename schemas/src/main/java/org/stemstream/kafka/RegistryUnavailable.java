package org.stemstream.kafka;

import org.stemstream.schemas.serde.SchemaRegistryException;

/**
 * A batch failed because the schema registry could not answer (unreachable, a server error, too
 * many requests, or our credentials refused), not because of its records: they must be read again
 * once it is back, not dead-lettered as bad input.
 */
public final class RegistryUnavailable extends RuntimeException {
    RegistryUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    /** Throws {@link RegistryUnavailable} when {@code e} was caused by such a registry failure; returns otherwise. */
    static void check(Throwable e) {
        SchemaRegistryException r = registryFailure(e);
        if (r != null) {
            throw new RegistryUnavailable("schema registry unavailable (" + (r.status() < 0 ? "unreachable" : "HTTP " + r.status())
                    + "): " + r.getMessage(), e);
        }
    }

    /** Whether {@code e} was caused by the registry's unavailability rather than by the record being handled. */
    public static boolean causedBy(Throwable e) {
        return registryFailure(e) != null;
    }

    private static SchemaRegistryException registryFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException r && notTheRecordsFault(r.status())) {
                return r;
            }
        }
        return null;
    }

    /** Unreachable (-1), 401, 403, 408, 429 and 5xx; a 404 (an unknown schema id) or 409/422 (an incompatible schema) are about the data. */
    static boolean notTheRecordsFault(int status) {
        return status < 0 || status == 401 || status == 403 || status == 408 || status == 429 || status >= 500;
    }
}

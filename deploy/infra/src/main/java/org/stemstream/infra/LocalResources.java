package org.stemstream.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ports and folders shared by the local services here. */
final class LocalResources {

    private static final Logger LOG = LoggerFactory.getLogger(LocalResources.class);

    private LocalResources() {
    }

    /** Given ports are kept; zeros become distinct free ports (held open together so they differ). */
    static int[] freePorts(String host, int... wanted) {
        int[] result = wanted.clone();
        ServerSocket[] held = new ServerSocket[wanted.length];
        try {
            for (int i = 0; i < wanted.length; i++) {
                if (wanted[i] == 0) {
                    held[i] = new ServerSocket(0, 1, InetAddress.getByName(host));
                    result[i] = held[i].getLocalPort();
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        } finally {
            for (ServerSocket s : held) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // the port is released either way
                    }
                }
            }
        }
    }

    /** Deletes a file or a folder tree; failures are logged, not thrown (cleanup paths). */
    static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", path, e.toString());
        }
    }
}

package org.stemstream.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Java agent that ends a child JVM when its parent process is gone, however the parent died
 * (SIGKILL included, where the parent's shutdown hooks never run).
 *
 * <p>In: the parent's PID as the agent argument ({@code -javaagent:watchdog.jar=PID}). Out: a
 * {@link System#exit} in the child (its own shutdown hooks run; a halt follows if they hang).
 * The child's main class is untouched, so this works for any {@code java -jar} program.
 * {@link #jvmArgument(Path)} writes the one-class agent jar and returns the JVM argument.
 *
 * <p>This class runs inside the child: it must use the JDK only.
 */
public final class ParentWatchdog {

    /** The child's exit status when the watchdog ends it. */
    public static final int EXIT_STATUS = 99;

    private static final long HALT_AFTER_MS = 10_000;

    private ParentWatchdog() {
    }

    /**
     * Writes {@code parent-watchdog.jar} into {@code dir} and returns
     * {@code -javaagent:<dir>/parent-watchdog.jar=<this JVM's PID>}.
     */
    public static String jvmArgument(Path dir) {
        Path jar = dir.resolve("parent-watchdog.jar");
        String entry = ParentWatchdog.class.getName().replace('.', '/') + ".class";
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ParentWatchdog.class.getName());
        try (InputStream classBytes = ParentWatchdog.class.getResourceAsStream("/" + entry);
             OutputStream out = Files.newOutputStream(jar);
             JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            if (classBytes == null) {
                throw new IllegalStateException("class file " + entry + " not found on the classpath");
            }
            jarOut.putNextEntry(new JarEntry(entry));
            classBytes.transferTo(jarOut);
            jarOut.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + jar, e);
        }
        return "-javaagent:" + jar.toAbsolutePath() + "=" + ProcessHandle.current().pid();
    }

    /** Agent entry point, in the child, before its main. */
    public static void premain(String agentArgs) {
        long parentPid = Long.parseLong(agentArgs.trim());
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
        // for a process that is not our own child the JDK polls (at most every 5 s) and checks the
        // start time too, so a reused PID does not keep us alive
        parent.get().onExit().thenRun(ParentWatchdog::exit);
    }

    private static void exit() {
        Thread halter = new Thread(() -> {
            try {
                Thread.sleep(HALT_AFTER_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(EXIT_STATUS);
        }, "parent-watchdog-halt");
        halter.setDaemon(true);
        halter.start();
        System.err.println("[parent-watchdog] parent process exited; stopping");
        System.exit(EXIT_STATUS);
    }
}

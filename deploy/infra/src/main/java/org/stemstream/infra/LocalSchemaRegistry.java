package org.stemstream.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The local schema registry (Apicurio Registry 2.4.2, in-memory; built by {@code deploy/registry})
 * running as a child JVM.
 *
 * <p>In: the runner jar ({@link #locateJar()}), a port. Out: the Confluent-compatible REST API at
 * {@link #url()} ({@code http://127.0.0.1:PORT/apis/ccompat/v7}), for Avro serdes'
 * {@code schema.registry.url}, with global compatibility BACKWARD (Confluent's default). Schemas
 * live as long as the process. The child's stdout and stderr go to {@link #logFile()}.
 *
 * <p>{@link #close()} stops the process (SIGTERM, then a forced kill after 10 s); it is idempotent
 * and also runs from a JVM shutdown hook. If this JVM dies without running its hooks (SIGKILL), a
 * {@link ParentWatchdog} agent inside the child ends the child within a few seconds.
 */
public final class LocalSchemaRegistry implements AutoCloseable {

    /** System property naming the runner jar. */
    public static final String JAR_PROPERTY = "stem.registry.jar";
    /** Environment variable naming the runner jar. */
    public static final String JAR_ENV = "STEM_REGISTRY_JAR";
    /** Where the build puts the runner jar, relative to the project root. */
    public static final String JAR_IN_PROJECT = "deploy/registry/target/stem-registry-runner.jar";
    /** The command that builds it. */
    public static final String BUILD_COMMAND = "./mvnw -pl deploy/registry package";

    private static final Logger LOG = LoggerFactory.getLogger(LocalSchemaRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = "127.0.0.1";
    private static final String API_PATH = "/apis/ccompat/v7";
    private static final String COMPATIBILITY = "BACKWARD";
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 40;

    /**
     * How to start the registry.
     *
     * @param port         HTTP port, 0 for a free one
     * @param jar          the runner jar; null to {@link #locateJar() locate} it
     * @param startTimeout how long to wait for the first answer
     */
    public record Config(int port, Path jar, Duration startTimeout) {

        public Config {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " not in [0, 65535]");
            }
            Objects.requireNonNull(startTimeout, "startTimeout");
        }

        /** A free port, the located jar, 60 s to start. */
        public static Config defaults() {
            return new Config(0, null, Duration.ofSeconds(60));
        }

        public Config withPort(int newPort) {
            return new Config(newPort, jar, startTimeout);
        }

        public Config withJar(Path newJar) {
            return new Config(port, newJar, startTimeout);
        }

        public Config withStartTimeout(Duration newStartTimeout) {
            return new Config(port, jar, newStartTimeout);
        }
    }

    private final Process process;
    private final int port;
    private final Path workDir;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private LocalSchemaRegistry(Process process, int port, Path workDir) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
        this.shutdownHook = new Thread(this::stop, "schema-registry-shutdown");
    }

    /** Starts the registry on a free port with the located jar. */
    public static LocalSchemaRegistry start() {
        return start(Config.defaults());
    }

    /**
     * Starts the child JVM, waits until the API answers and global compatibility is BACKWARD.
     *
     * @throws IllegalStateException if the jar is missing, or the registry does not come up in time
     *                               (the message names the log file and shows its tail)
     */
    public static LocalSchemaRegistry start(Config config) {
        long t0 = System.nanoTime();
        Path jar = config.jar() != null ? config.jar() : locateJar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("schema registry jar " + jar + " not found; build it with: " + BUILD_COMMAND);
        }
        int port = LocalResources.freePorts(HOST, config.port())[0];
        Path workDir;
        try {
            workDir = Files.createTempDirectory("stem-registry-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder", e);
        }
        Path log = workDir.resolve("registry.log");
        List<String> command = List.of(javaBinary(), "-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                ParentWatchdog.jvmArgument(workDir),
                "-Dquarkus.http.host=" + HOST, "-Dquarkus.http.port=" + port,
                "-jar", jar.toAbsolutePath().toString());
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
        LocalSchemaRegistry registry = new LocalSchemaRegistry(process, port, workDir);
        Runtime.getRuntime().addShutdownHook(registry.shutdownHook);
        try {
            registry.awaitReady(config.startTimeout());
            registry.ensureCompatibility();
        } catch (RuntimeException e) {
            registry.closeKeepingLog();
            throw new IllegalStateException("schema registry (" + String.join(" ", command) + ") did not start: "
                    + e.getMessage() + "\nlog " + log + ", last lines:\n" + tail(log), e);
        }
        LOG.info("Schema registry started at {} in {} ms (pid {}, log {})",
                registry.url(), (System.nanoTime() - t0) / 1_000_000, process.pid(), log);
        return registry;
    }

    /**
     * The runner jar: system property {@value #JAR_PROPERTY}, else environment variable
     * {@value #JAR_ENV}, else {@value #JAR_IN_PROJECT} in the working directory or one above it.
     *
     * @throws IllegalStateException naming every path tried and the build command
     */
    public static Path locateJar() {
        List<String> tried = new ArrayList<>();
        for (String[] named : new String[][] {
                {"system property " + JAR_PROPERTY, System.getProperty(JAR_PROPERTY)},
                {"environment variable " + JAR_ENV, System.getenv(JAR_ENV)}}) {
            if (named[1] != null && !named[1].isBlank()) {
                Path p = Path.of(named[1]).toAbsolutePath().normalize();
                if (Files.isRegularFile(p)) {
                    return p;
                }
                tried.add(p + " (" + named[0] + ")");
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve(JAR_IN_PROJECT);
            if (Files.isRegularFile(p)) {
                return p;
            }
            tried.add(p.toString());
        }
        throw new IllegalStateException("schema registry jar not found; tried:\n  " + String.join("\n  ", tried)
                + "\nbuild it with: " + BUILD_COMMAND + " (or set " + JAR_PROPERTY + " / " + JAR_ENV + ")");
    }

    /** The Confluent-compatible base URL, {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
    public String url() {
        return "http://" + HOST + ":" + port + API_PATH;
    }

    public int port() {
        return port;
    }

    /** The child process's PID. */
    public long pid() {
        return process.pid();
    }

    /** The child's stdout and stderr (deleted on a clean {@link #close()}). */
    public Path logFile() {
        return workDir.resolve("registry.log");
    }

    /**
     * Hands the JVM-shutdown duty to the caller: this registry no longer stops itself from its own
     * shutdown hook, so an owner that must stop its clients first (they need the registry to close
     * cleanly) can order the shutdown itself. The owner must then call {@link #close()}.
     */
    public void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }

    /** Stops the child process and deletes its temporary folder. Safe to call more than once. */
    @Override
    public void close() {
        if (stop()) {
            LocalResources.deleteRecursively(workDir);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // called during JVM shutdown: the hook is running or has run
        }
    }

    private void closeKeepingLog() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // as in close()
        }
    }

    /** Returns true if this call stopped the process. */
    private boolean stop() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        long t0 = System.nanoTime();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("schema registry (pid {}) ignored SIGTERM for {}; killing it", process.pid(), STOP_TIMEOUT);
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LOG.info("Schema registry (pid {}) stopped in {} ms", process.pid(), (System.nanoTime() - t0) / 1_000_000);
        return true;
    }

    /** Polls GET /subjects until it answers 200, the process dies, or the deadline passes. */
    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the process exited with status " + process.exitValue());
            }
            try {
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url() + "/subjects")).GET());
                if (r.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + r.statusCode();
            } catch (IOException e) {
                last = e.toString();
            }
            try {
                if (process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("the process exited with status " + process.exitValue());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + url(), e);
            }
        }
        throw new IllegalStateException("no answer from " + url() + "/subjects within " + timeout + " (last: " + last + ")");
    }

    /**
     * Apicurio enforces {@code registry.rules.global.compatibility} (set in the jar) but reports
     * NONE on GET /config until a global rule is stored: store it, then check.
     */
    private void ensureCompatibility() {
        try {
            if (COMPATIBILITY.equals(globalCompatibility())) {
                return;
            }
            HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(url() + "/config"))
                    .header("Content-Type", CONTENT_TYPE)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + COMPATIBILITY + "\"}")));
            if (put.statusCode() != 200) {
                throw new IllegalStateException("PUT /config answered HTTP " + put.statusCode() + ": " + put.body());
            }
            String level = globalCompatibility();
            if (!COMPATIBILITY.equals(level)) {
                throw new IllegalStateException("global compatibility is " + level + " after PUT /config, not " + COMPATIBILITY);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set global compatibility at " + url(), e);
        }
    }

    private String globalCompatibility() throws IOException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url() + "/config")).GET());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /config answered HTTP " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).path("compatibilityLevel").asText();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(Duration.ofSeconds(5)).header("Accept", CONTENT_TYPE).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String javaBinary() {
        Path home = Path.of(System.getProperty("java.home"), "bin");
        for (String name : List.of("java", "java.exe")) {
            if (Files.isExecutable(home.resolve(name))) {
                return home.resolve(name).toString();
            }
        }
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}

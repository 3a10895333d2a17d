package org.stemstream.consumers.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.concurrent.DaemonThreads;

/**
 * The live dashboard, served by the monitor with the JDK's HTTP server: the page and its assets
 * (plain HTML, CSS and JavaScript from the classpath, no CDN), {@code /api/snapshot} (the
 * monitor's state as JSON), {@code /events} (the same as server-sent events, once a second),
 * {@code /thumbs/<imageId>.png} and {@code /metrics} (this process's Prometheus text).
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/style.css", "style.css");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("dashboard-http"));
    private final Monitor monitor;
    private final Clock clock;
    private volatile boolean open = true;

    /**
     * Serves on {@code port} (0: any free port) of {@link org.stemstream.metrics.StemMetrics#bindAddress()}
     * (127.0.0.1 unless STEM_HTTP_BIND says otherwise); {@code metrics} supplies the Prometheus text.
     */
    public DashboardServer(Monitor monitor, int port, Supplier<String> metrics, Clock clock) throws IOException {
        this.monitor = monitor;
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress(org.stemstream.metrics.StemMetrics.bindAddress(), port), 0);
        server.setExecutor(executor);
        server.createContext("/", this::asset);
        server.createContext("/api/snapshot", ex -> send(ex, 200, "application/json", snapshotJson()));
        server.createContext("/events", this::events);
        server.createContext("/thumbs/", this::thumbnail);
        server.createContext("/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.get().getBytes(StandardCharsets.UTF_8)));
        server.start();
        log.info("dashboard at {}", url());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://localhost:" + port() + "/";
    }

    private byte[] snapshotJson() throws IOException {
        return JSON.writeValueAsBytes(monitor.state().snapshot(clock.millis()));
    }

    private void asset(HttpExchange ex) throws IOException {
        String file = ASSETS.get(ex.getRequestURI().getPath());
        if (file == null) {
            send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (InputStream in = DashboardServer.class.getResourceAsStream("/dashboard/" + file)) {
            if (in == null) {
                send(ex, 500, "text/plain", ("missing asset " + file).getBytes(StandardCharsets.UTF_8));
                return;
            }
            String type = file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css" : "text/html";
            send(ex, 200, type + "; charset=utf-8", in.readAllBytes());
        }
    }

    private void thumbnail(HttpExchange ex) throws IOException {
        String name = ex.getRequestURI().getPath().substring("/thumbs/".length());
        byte[] png = name.endsWith(".png") ? monitor.thumbnail(name.substring(0, name.length() - 4)) : null;
        if (png == null) {
            send(ex, 404, "text/plain", "no thumbnail".getBytes(StandardCharsets.UTF_8));
        } else {
            send(ex, 200, "image/png", png);
        }
    }

    /** Server-sent events: the snapshot once a second until the page goes away or the server closes. */
    private void events(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            while (open) {
                out.write("data: ".getBytes(StandardCharsets.UTF_8));
                out.write(snapshotJson());
                out.write("\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(1000);
            }
        } catch (IOException e) {
            // the page was closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        open = false;
        server.stop(0);
        executor.shutdownNow();
    }
}

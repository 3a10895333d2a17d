package org.stemstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's chromium, headless, driven over the DevTools protocol (a WebSocket, with the JDK's
 * HTTP client): open a page, evaluate JavaScript in it, take a screenshot.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    /** The browser's executable, if one is installed. */
    static Optional<String> executable() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name).toString());
                }
            }
        }
        return Optional.empty();
    }

    HeadlessChromium(String executable, String url) throws Exception {
        profile = Files.createTempDirectory("it-chromium-");
        process = new ProcessBuilder(executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1400,1800", url)
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("chromium did not start: " + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(100);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        HttpClient http = HttpClient.newHttpClient();
        String wsUrl = null;
        while (wsUrl == null) {
            JsonNode pages = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode p : pages) {
                if ("page".equals(p.path("type").asText())) {
                    wsUrl = p.path("webSocketDebuggerUrl").asText();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no page in chromium");
            }
            Thread.sleep(100);
        }
        socket = http.newWebSocketBuilder().buildAsync(URI.create(wsUrl), new Listener()).get(30, TimeUnit.SECONDS);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(text.toString());
                    CompletableFuture<JsonNode> f = message.has("id") ? pending.remove(message.get("id").asInt()) : null;
                    if (f != null) {
                        f.complete(message);
                    }
                } catch (IOException e) {
                    // not a reply
                }
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true).get(10, TimeUnit.SECONDS);
        JsonNode r = reply.get(30, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IllegalStateException(method + ": " + r.get("error"));
        }
        return r.get("result");
    }

    /** The value of a JavaScript expression in the page (JSON-serialisable). */
    JsonNode evaluate(String expression) throws Exception {
        return call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true)).path("result").path("value");
    }

    void screenshot(Path png) throws Exception {
        call("Emulation.setDeviceMetricsOverride", Map.of("width", 1400, "height", 1800, "deviceScaleFactor", 1, "mobile", false));
        String data = call("Page.captureScreenshot", Map.of("format", "png")).get("data").asText();
        Files.createDirectories(png.getParent());
        Files.write(png, Base64.getDecoder().decode(data));
    }

    @Override
    public void close() throws Exception {
        try {
            socket.abort();
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Thread.sleep(Duration.ofMillis(100).toMillis());
    }
}

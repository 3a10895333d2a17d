package org.stemstream.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small client of the Confluent Schema Registry REST API (also spoken by Apicurio's
 * {@code /apis/ccompat/v7}, Karapace and Redpanda). Caches subject+schema to id and id to schema,
 * so each schema costs one HTTP call per process. Calls that cannot reach the registry are
 * retried with exponential back-off until {@link SchemaRegistryConfig#retryTimeout()}, then fail
 * with a message that names the URL; HTTP errors (404 unknown id, 409 incompatible) fail at once.
 */
public final class SchemaRegistryClient {
    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistryConfig config;
    private final HttpClient http;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final InMemorySchemaRegistry inMemory;

    public SchemaRegistryClient(SchemaRegistryConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.inMemory = InMemorySchemaRegistry.MOCK_SCHEME.equals(config.url().getScheme())
                ? InMemorySchemaRegistry.scope(config.url().getHost()) : null;
    }

    public SchemaRegistryConfig config() {
        return config;
    }

    /** Registers (or finds) the schema under the subject and returns its global id. */
    public int register(String subject, Schema schema) {
        return idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(schema, s -> {
                    JsonNode reply = call("POST", "/subjects/" + enc(subject) + "/versions", body(s));
                    int id = reply.path("id").asInt(-1);
                    schemasById.putIfAbsent(id, s);
                    return id;
                });
    }

    /** The id of a schema already registered under the subject; fails with 404 otherwise. */
    public int lookup(String subject, Schema schema) {
        return idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(schema, s -> {
                    JsonNode reply = call("POST", "/subjects/" + enc(subject), body(s));
                    int id = reply.path("id").asInt(-1);
                    schemasById.putIfAbsent(id, s);
                    return id;
                });
    }

    /** The latest version registered under the subject: its id and schema. */
    public Registered latest(String subject) {
        JsonNode reply = call("GET", "/subjects/" + enc(subject) + "/versions/latest", null);
        Schema schema = new Schema.Parser().parse(reply.path("schema").asText());
        int id = reply.path("id").asInt();
        schemasById.putIfAbsent(id, schema);
        return new Registered(id, reply.path("version").asInt(), schema);
    }

    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode reply = call("GET", "/schemas/ids/" + id, null);
        Schema schema = new Schema.Parser().parse(reply.path("schema").asText());
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    public List<String> subjects() {
        List<String> names = new ArrayList<>();
        call("GET", "/subjects", null).forEach(n -> names.add(n.asText()));
        return names;
    }

    /** Asks the registry whether the schema may become the subject's next version. */
    public boolean isCompatible(String subject, Schema schema) {
        JsonNode reply = call("POST", "/compatibility/subjects/" + enc(subject) + "/versions/latest", body(schema));
        return reply.path("is_compatible").asBoolean(false);
    }

    /** The global compatibility level, e.g. BACKWARD. */
    public String compatibilityLevel() {
        return call("GET", "/config", null).path("compatibilityLevel").asText();
    }

    public record Registered(int id, int version, Schema schema) {
    }

    private static String body(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private JsonNode call(String method, String path, String body) {
        URI uri = URI.create(config.url() + path);
        Reply reply;
        if (inMemory != null) {
            reply = inMemory.handle(method, path, body);
        } else {
            HttpRequest.Builder req = HttpRequest.newBuilder(uri)
                    .timeout(config.requestTimeout())
                    .header("Accept", CONTENT_TYPE + ", application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                req.header("Content-Type", CONTENT_TYPE);
            }
            config.authorizationHeader().ifPresent(h -> req.header("Authorization", h));
            HttpResponse<String> response = sendWithRetry(req.build());
            reply = new Reply(response.statusCode(), response.body());
        }
        if (reply.status() / 100 != 2) {
            throw new SchemaRegistryException(method + " " + uri + " answered HTTP " + reply.status()
                    + ": " + reply.body(), reply.status(), null);
        }
        try {
            return JSON.readTree(reply.body());
        } catch (IOException e) {
            throw new SchemaRegistryException("unreadable reply from " + uri + ": " + reply.body(), reply.status(), e);
        }
    }

    /** An HTTP status and body, from the network or from {@link InMemorySchemaRegistry}. */
    record Reply(int status, String body) {
    }

    private HttpResponse<String> sendWithRetry(HttpRequest request) {
        long deadline = System.nanoTime() + config.retryTimeout().toNanos();
        long backoffMs = Math.max(1, config.retryBackoff().toMillis());
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                long left = deadline - System.nanoTime();
                if (!transientStatus(response.statusCode()) || left <= 0) {
                    return response;
                }
                // a registry under load answers 5xx now and then (Apicurio's H2 store: lock timeouts)
                log.warn("schema registry at {} answered HTTP {} ({}), retrying in {} ms", config.url(), response.statusCode(),
                        abbreviate(response.body()), backoffMs);
                pause(Math.min(backoffMs, Duration.ofNanos(left).toMillis() + 1));
                backoffMs = Math.min(backoffMs * 2, 2_000);
            } catch (IOException e) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SchemaRegistryException("schema registry at " + config.url()
                            + " cannot be reached after " + attempts + " attempts over "
                            + config.retryTimeout().toMillis() + " ms (" + e + "); is it running, and is "
                            + SchemaRegistryConfig.SCHEMA_REGISTRY_URL + " right?", -1, e);
                }
                log.warn("schema registry at {} not reachable ({}), retrying in {} ms", config.url(), e.toString(), backoffMs);
                pause(Math.min(backoffMs, Duration.ofNanos(left).toMillis() + 1));
                backoffMs = Math.min(backoffMs * 2, 2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("interrupted while calling " + request.uri(), -1, e);
            }
        }
    }

    /** Statuses worth another try: the server is overloaded or failed transiently. */
    static boolean transientStatus(int status) {
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    private static String abbreviate(String body) {
        return body == null || body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }

    private static void pause(long ms) {
        // Back-off between retries of an unreachable registry: there is no event to wait for.
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(ms).toNanos());
    }
}

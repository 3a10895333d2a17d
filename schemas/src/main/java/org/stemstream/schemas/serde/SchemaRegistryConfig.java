package org.stemstream.schemas.serde;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Typed view of the serde configuration. The keys are Confluent's, so that
 * {@code io.confluent:kafka-avro-serializer} can replace our serde with the same properties,
 * plus two of ours for the start-up retry (Confluent's client has none).
 */
public record SchemaRegistryConfig(
        URI url,
        boolean autoRegisterSchemas,
        boolean useLatestVersion,
        Optional<String> basicAuthUserInfo,
        Duration retryTimeout,
        Duration retryBackoff,
        Duration requestTimeout) {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** How long calls retry while the registry cannot be reached (ours; default 30 s). */
    public static final String RETRY_TIMEOUT_MS = "schema.registry.retry.timeout.ms";
    /** First back-off between retries, doubled up to 2 s (ours; default 100 ms). */
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    /** Per-request HTTP timeout (Confluent's {@code http.read.timeout.ms}; default 10 s). */
    public static final String REQUEST_TIMEOUT_MS = "http.read.timeout.ms";

    public SchemaRegistryConfig {
        if (url == null) {
            throw new IllegalArgumentException(SCHEMA_REGISTRY_URL + " is required");
        }
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) && !InMemorySchemaRegistry.MOCK_SCHEME.equals(scheme)) {
            throw new IllegalArgumentException(SCHEMA_REGISTRY_URL + " must be an http(s) URL (or mock://SCOPE in unit tests), got '" + url + "'");
        }
    }

    public static SchemaRegistryConfig of(String url) {
        return from(Map.of(SCHEMA_REGISTRY_URL, url));
    }

    /** Reads the Kafka-style configuration map handed to {@code Serializer.configure}. */
    public static SchemaRegistryConfig from(Map<String, ?> configs) {
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException("missing " + SCHEMA_REGISTRY_URL
                    + " (for example http://127.0.0.1:8081/apis/ccompat/v7)");
        }
        // Confluent accepts a comma-separated list; we use the first entry.
        String first = url.toString().split(",")[0].trim();
        String source = string(configs, BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
        Optional<String> userInfo = Optional.ofNullable(configs.get(BASIC_AUTH_USER_INFO))
                .map(Object::toString).filter(s -> !s.isBlank());
        if (userInfo.isPresent() && !"USER_INFO".equals(source)) {
            throw new IllegalArgumentException(BASIC_AUTH_CREDENTIALS_SOURCE + "=" + source
                    + " is not supported; use USER_INFO");
        }
        return new SchemaRegistryConfig(
                URI.create(first.endsWith("/") ? first.substring(0, first.length() - 1) : first),
                bool(configs, AUTO_REGISTER_SCHEMAS, true),
                bool(configs, USE_LATEST_VERSION, false),
                userInfo,
                Duration.ofMillis(number(configs, RETRY_TIMEOUT_MS, 30_000)),
                Duration.ofMillis(number(configs, RETRY_BACKOFF_MS, 100)),
                Duration.ofMillis(number(configs, REQUEST_TIMEOUT_MS, 10_000)));
    }

    Optional<String> authorizationHeader() {
        return basicAuthUserInfo.map(u -> "Basic " + Base64.getEncoder().encodeToString(u.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static String string(Map<String, ?> configs, String key, String fallback) {
        Object v = configs.get(key);
        return v == null ? fallback : v.toString();
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
        Object v = configs.get(key);
        return v == null ? fallback : Boolean.parseBoolean(v.toString());
    }

    private static long number(Map<String, ?> configs, String key, long fallback) {
        Object v = configs.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.toString().trim());
            if (n < 0) {
                throw new IllegalArgumentException(key + " must be >= 0, got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number of milliseconds, got '" + v + "'", e);
        }
    }
}

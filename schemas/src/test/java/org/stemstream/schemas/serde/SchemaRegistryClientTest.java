package org.stemstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Transient server errors (a registry under load answers 500 now and then) are retried; others are not. */
class SchemaRegistryClientTest {
    private static final Schema SCHEMA = Schema.create(Schema.Type.STRING);

    private static HttpServer server(int failures, int failureStatus, AtomicInteger calls) throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            int n = calls.incrementAndGet();
            byte[] body = (n <= failures ? "{\"message\":\"Timeout trying to lock table\"}" : "{\"id\":42}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(n <= failures ? failureStatus : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.start();
        return http;
    }

    private static SchemaRegistryClient client(HttpServer http) {
        return new SchemaRegistryClient(SchemaRegistryConfig.from(Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL,
                "http://127.0.0.1:" + http.getAddress().getPort(), SchemaRegistryConfig.RETRY_BACKOFF_MS, "10")));
    }

    @Test
    void http500IsRetriedUntilTheRegistryAnswers() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer http = server(2, 500, calls);
        try {
            assertThat(client(http).register("s-value", SCHEMA)).isEqualTo(42);
            assertThat(calls).hasValue(3);
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aClientErrorIsNotRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer http = server(5, 409, calls);
        try {
            assertThatThrownBy(() -> client(http).register("s-value", SCHEMA)).hasMessageContaining("HTTP 409");
            assertThat(calls).hasValue(1);
        } finally {
            http.stop(0);
        }
    }
}

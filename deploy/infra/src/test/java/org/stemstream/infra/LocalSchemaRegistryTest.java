package org.stemstream.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSchemaRegistryTest {

    private static final String SUBJECT = "x-value";
    private static final String V1 =
            "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
    // a new field without a default: readers of V2 cannot read V1 data, so BACKWARD refuses it
    private static final String V2_INCOMPATIBLE =
            "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
                    + "{\"name\":\"b\",\"type\":\"string\"}]}";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void registersSchemasEnforcesBackwardAndStops() throws Exception {
        LocalSchemaRegistry registry = LocalSchemaRegistry.start();
        long pid = registry.pid();
        try {
            assertThat(registry.url()).isEqualTo("http://127.0.0.1:" + registry.port() + "/apis/ccompat/v7");

            HttpResponse<String> first = register(registry, V1);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).contains("\"id\"");

            HttpResponse<String> subjects = http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/subjects")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.statusCode()).isEqualTo(200);
            assertThat(subjects.body()).contains("\"" + SUBJECT + "\"");

            assertThat(register(registry, V2_INCOMPATIBLE).statusCode()).isEqualTo(409);
        } finally {
            registry.close();
        }
        registry.close(); // idempotent
        Optional<ProcessHandle> child = ProcessHandle.of(pid);
        assertThat(child.map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    }

    @Test
    void missingJarFailsWithTheBuildCommand(@TempDir Path dir) {
        Path missing = dir.resolve("missing-runner.jar");
        assertThatThrownBy(() -> LocalSchemaRegistry.start(LocalSchemaRegistry.Config.defaults().withJar(missing)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining(LocalSchemaRegistry.BUILD_COMMAND);
    }

    private HttpResponse<String> register(LocalSchemaRegistry registry, String schema) throws Exception {
        String body = "{\"schema\":\"" + schema.replace("\"", "\\\"") + "\"}";
        return http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/subjects/" + SUBJECT + "/versions"))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

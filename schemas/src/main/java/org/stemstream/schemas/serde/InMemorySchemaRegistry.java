package org.stemstream.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * For unit tests only ({@code TopologyTestDriver} and friends), like Confluent's
 * {@code mock://} URLs: {@code schema.registry.url=mock://SCOPE} keeps schemas in this process,
 * one registry per scope, answering the few REST calls the client makes with BACKWARD
 * compatibility. Integration tests and services always use a real registry.
 */
final class InMemorySchemaRegistry {
    static final String MOCK_SCHEME = "mock";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final List<Schema> byId = new ArrayList<>();
    private final Map<String, List<Integer>> versions = new LinkedHashMap<>();

    static InMemorySchemaRegistry scope(String name) {
        return SCOPES.computeIfAbsent(name == null ? "" : name, n -> new InMemorySchemaRegistry());
    }

    synchronized SchemaRegistryClient.Reply handle(String method, String path, String body) {
        String[] p = path.substring(1).split("/");
        try {
            if (method.equals("GET") && path.equals("/subjects")) {
                ArrayNode names = JSON.createArrayNode();
                versions.keySet().forEach(names::add);
                return ok(names);
            }
            if (method.equals("GET") && path.equals("/config")) {
                return ok(JSON.createObjectNode().put("compatibilityLevel", "BACKWARD"));
            }
            if (method.equals("GET") && p.length == 3 && p[0].equals("schemas") && p[1].equals("ids")) {
                int id = Integer.parseInt(p[2]);
                return id >= 1 && id <= byId.size() ? ok(JSON.createObjectNode().put("schema", byId.get(id - 1).toString()))
                        : error(404, "schema " + id + " not found");
            }
            String subject = p.length > 1 ? URLDecoder.decode(p[p[0].equals("compatibility") ? 2 : 1], StandardCharsets.UTF_8) : "";
            List<Integer> ids = versions.getOrDefault(subject, List.of());
            if (method.equals("GET") && path.endsWith("/versions/latest")) {
                return ids.isEmpty() ? error(404, "subject " + subject + " not found") : ok(JSON.createObjectNode()
                        .put("id", ids.get(ids.size() - 1)).put("version", ids.size()).put("schema", byId.get(ids.get(ids.size() - 1) - 1).toString()));
            }
            Schema schema = new Schema.Parser().parse(JSON.readTree(body).path("schema").asText());
            if (p[0].equals("compatibility")) {
                return ok(JSON.createObjectNode().put("is_compatible", ids.isEmpty() || compatible(schema, ids)));
            }
            int existing = idOf(schema);
            if (p.length == 2) { // lookup
                return existing > 0 && ids.contains(existing) ? ok(JSON.createObjectNode().put("id", existing)) : error(404, "schema not found under " + subject);
            }
            if (existing > 0 && ids.contains(existing)) {
                return ok(JSON.createObjectNode().put("id", existing));
            }
            if (!ids.isEmpty() && !compatible(schema, ids)) {
                return error(409, "incompatible with the latest version of " + subject);
            }
            int id = existing > 0 ? existing : register(schema);
            versions.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
            return ok(JSON.createObjectNode().put("id", id));
        } catch (IOException | RuntimeException e) {
            return error(400, e.toString());
        }
    }

    private boolean compatible(Schema reader, List<Integer> ids) {
        Schema latest = byId.get(ids.get(ids.size() - 1) - 1);
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, latest).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    private int idOf(Schema schema) {
        int i = byId.indexOf(schema);
        return i < 0 ? -1 : i + 1;
    }

    private int register(Schema schema) {
        byId.add(schema);
        return byId.size();
    }

    private static SchemaRegistryClient.Reply ok(JsonNode node) {
        return new SchemaRegistryClient.Reply(200, node.toString());
    }

    private static SchemaRegistryClient.Reply error(int status, String message) {
        return new SchemaRegistryClient.Reply(status, JSON.createObjectNode().put("error_code", status).put("message", message).toString());
    }
}

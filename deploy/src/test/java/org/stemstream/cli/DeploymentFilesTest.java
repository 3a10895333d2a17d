package org.stemstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.stemstream.metrics.StemMetrics;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topic;
import org.stemstream.schemas.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * No Docker engine or cluster runs here, so the deployment files are checked against the
 * launcher itself: every role's command line parses with the real picocli options, every STEM_*
 * variable is one the launcher reads, and the KEDA objects scale the right deployments on the
 * right consumer group and topic, within the topics' partitions.
 */
class DeploymentFilesTest {
    private static final Path DEPLOY = Path.of(System.getProperty("user.dir"));
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyComposeServiceRunsARealCommandWithRealEnvironment() throws IOException {
        JsonNode services = documents(DEPLOY.resolve("compose/compose.yaml")).get(0).get("services");
        List<String> roles = new ArrayList<>();
        services.fields().forEachRemaining(e -> {
            JsonNode s = e.getValue();
            if (!s.path("image").asText().startsWith("stem-stream")) {
                return;
            }
            List<String> command = strings(s.get("command"));
            checkCommand(e.getKey(), command);
            s.path("environment").fieldNames().forEachRemaining(name -> checkEnvironment(e.getKey(), name));
            roles.add(command.get(0));
        });
        assertThat(roles).contains("simulator-worker", "noise", "augment", "classify", "fuse", "monitor", "produce");
        assertThat(services.fieldNames()).toIterable().contains("kafka", "registry");
    }

    @Test
    void everyKubernetesDeploymentRunsARealCommandAndKedaScalesTheRightPools() throws IOException {
        JsonNode kustomization = documents(DEPLOY.resolve("k8s/kustomization.yaml")).get(0);
        Map<String, JsonNode> deployments = new HashMap<>();
        Map<String, JsonNode> configMaps = new HashMap<>();
        List<JsonNode> scaledObjects = new ArrayList<>();
        Set<String> kinds = new HashSet<>();
        for (JsonNode resource : kustomization.get("resources")) {
            for (JsonNode doc : documents(DEPLOY.resolve("k8s").resolve(resource.asText()))) {
                String kind = doc.path("kind").asText();
                kinds.add(kind);
                String name = doc.path("metadata").path("name").asText();
                switch (kind) {
                    case "Deployment" -> deployments.put(name, doc);
                    case "ConfigMap" -> configMaps.put(name, doc);
                    case "ScaledObject" -> scaledObjects.add(doc);
                    default -> { }
                }
            }
        }
        assertThat(kinds).contains("Kafka", "KafkaNodePool", "Deployment", "ScaledObject", "ConfigMap");
        configMaps.get("stem-config").get("data").fieldNames().forEachRemaining(name -> checkEnvironment("stem-config", name));
        List<String> roles = new ArrayList<>();
        deployments.forEach((name, d) -> {
            JsonNode pod = d.at("/spec/template");
            JsonNode container = pod.at("/spec/containers/0");
            if (!container.path("image").asText().startsWith("stem-stream")) {
                return;
            }
            // ":latest" would mean imagePullPolicy Always: a locally loaded image (kind load) would be pulled from Docker Hub instead
            assertThat(container.path("imagePullPolicy").asText()).as(name).isEqualTo("IfNotPresent");
            List<String> args = strings(container.get("args"));
            checkCommand(name, args);
            roles.add(args.get(0));
            assertThat(container.at("/envFrom/0/configMapRef/name").asText()).as(name).isIn(configMaps.keySet());
            container.path("env").forEach(variable -> checkEnvironment(name, variable.path("name").asText()));
            assertThat(pod.at("/metadata/annotations").path("prometheus.io/port").asText()).as(name)
                    .isEqualTo(configMaps.get("stem-config").at("/data/STEM_METRICS_PORT").asText());
        });
        assertThat(roles).containsExactlyInAnyOrder("simulator-worker", "noise", "augment", "classify", "fuse", "monitor");

        Map<String, Topic<?, ?>> inputs = Map.of(Topics.SIMULATOR_WORKER_APP, Topics.SIMULATION_REQUESTS,
                Topics.CLASSIFIER_APP, Topics.IMAGES_READY);
        assertThat(scaledObjects).hasSize(2);
        for (JsonNode so : scaledObjects) {
            String target = so.at("/spec/scaleTargetRef/name").asText();
            assertThat(deployments).containsKey(target);
            JsonNode trigger = so.at("/spec/triggers/0");
            assertThat(trigger.path("type").asText()).isEqualTo("kafka");
            String group = trigger.at("/metadata/consumerGroup").asText();
            assertThat(inputs).as("consumer group of %s", target).containsKey(group);
            assertThat(trigger.at("/metadata/topic").asText()).isEqualTo(inputs.get(group).name());
            assertThat(trigger.at("/metadata/bootstrapServers").asText())
                    .isEqualTo(configMaps.get("stem-config").at("/data/STEM_BOOTSTRAP_SERVERS").asText())
                    .as("KEDA's operator resolves the broker from its own namespace")
                    .contains("." + kustomization.path("namespace").asText() + ".svc:");
            assertThat(so.at("/spec/maxReplicaCount").asInt()).isBetween(1, inputs.get(group).partitions());
        }
    }

    /** A role's command line must parse with the launcher's own options. */
    private static void checkCommand(String where, List<String> args) {
        CommandLine cli = StemCli.commandLine();
        assertThat(cli.getSubcommands()).as("%s runs a launcher subcommand", where).containsKey(args.get(0));
        CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
        CommandLine.ParseResult sub = parsed.subcommand();
        for (String token : args) {
            if (token.startsWith("--")) {
                OptionSpec option = sub.commandSpec().findOption(token);
                assertThat(option).as("%s: option %s of %s", where, token, args.get(0)).isNotNull();
            }
        }
    }

    /** An environment variable must be one the launcher reads. */
    private static void checkEnvironment(String where, String name) {
        if (!name.startsWith("STEM_")) {
            return;
        }
        assertThat(name.startsWith(KafkaConnection.ENV_CLIENT_PREFIX) || launcherEnvironment().contains(name))
                .as("%s sets %s, which the launcher does not read", where, name).isTrue();
    }

    private static Set<String> launcherEnvironment() {
        Set<String> names = new HashSet<>(Set.of(StemMetrics.BIND_ENV, StemMetrics.PORT_ENV));
        Pattern env = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");
        collect(StemCli.commandLine(), env, names);
        return names;
    }

    private static void collect(CommandLine cli, Pattern env, Set<String> names) {
        cli.getCommandSpec().interpolateVariables(false); // the ${env:...} expressions as written
        for (OptionSpec o : cli.getCommandSpec().options()) {
            if (o.defaultValue() != null) {
                env.matcher(o.defaultValue()).results().forEach(r -> names.add(r.group(1)));
            }
        }
        cli.getSubcommands().values().forEach(sub -> collect(sub, env, names));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The YAML documents of {@code file}, anchors, aliases and merge keys resolved (SnakeYAML), as JSON trees. */
    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var reader = Files.newBufferedReader(file)) {
            for (Object doc : new org.yaml.snakeyaml.Yaml().loadAll(reader)) {
                if (doc != null) {
                    docs.add(MAPPER.valueToTree(doc));
                }
            }
        }
        return docs;
    }
}

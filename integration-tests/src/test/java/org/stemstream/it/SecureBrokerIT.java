package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.deploy.bench.PoolBenchmark;
import org.stemstream.infra.EmbeddedKafka;
import org.stemstream.producers.Campaign;
import org.stemstream.producers.RequestProducer;
import org.stemstream.producers.SimulatorWorker;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.simulator.Scenarios;

/**
 * TLS and SASL/SCRAM end to end: the embedded broker gets a SASL_SSL listener with a certificate
 * made in the test (keytool), a SCRAM user is created, and the request producer and an
 * exactly-once simulator worker run through that listener, configured exactly as users configure
 * them: STEM_KAFKA_* environment variables read by {@link KafkaConnection#clientPropertiesFromEnv}.
 * A wrong password is refused.
 */
@ExtendWith(StemInfrastructure.class)
class SecureBrokerIT {
    private static final String PASSWORD = "store-secret";

    @Test
    void tlsAndScramAuthenticatedClientsRunThePipelineAndAWrongPasswordIsRefused(KafkaConnection shared, @TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("broker.p12");
        Path truststore = dir.resolve("trust.p12");
        Path cert = dir.resolve("broker.crt");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-rfc", "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(), "-keystore", truststore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD);

        int plain;
        int secure;
        int controller;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0); ServerSocket c = new ServerSocket(0)) {
            plain = a.getLocalPort();
            secure = b.getLocalPort();
            controller = c.getLocalPort();
        }
        EmbeddedKafka.Config config = EmbeddedKafka.Config.defaults().withPort(plain).withControllerPort(controller)
                .withProperty("listeners", "PLAINTEXT://127.0.0.1:" + plain + ",SASL_SSL://127.0.0.1:" + secure + ",CONTROLLER://127.0.0.1:" + controller)
                .withProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + plain + ",SASL_SSL://127.0.0.1:" + secure)
                .withProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT")
                .withProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .withProperty("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .withProperty("ssl.keystore.location", keystore.toString())
                .withProperty("ssl.keystore.type", "PKCS12")
                .withProperty("ssl.keystore.password", PASSWORD)
                .withProperty("ssl.key.password", PASSWORD);
        try (EmbeddedKafka broker = EmbeddedKafka.start(config)) {
            try (Admin admin = Admin.create(new KafkaConnection(broker.bootstrapServers(), shared.schemaRegistryUrl()).common())) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("stem",
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "pipeline-secret"))).all().get(30, TimeUnit.SECONDS);
            }
            KafkaConnection secured = new KafkaConnection("127.0.0.1:" + secure, shared.schemaRegistryUrl(),
                    KafkaConnection.clientPropertiesFromEnv(environment(truststore, "pipeline-secret")));
            secured.ensureTopics(Topics.all());
            try (Admin admin = Admin.create(secured.common());
                 SimulatorWorker worker = new SimulatorWorker(new SimulatorWorker.Config(secured, 1, 50)).start()) {
                long sent = new RequestProducer(secured, Clock.systemUTC()).send(new Campaign("it-secure", Scenarios.named("seed-benchmark"), 40, 3), n -> { });
                assertThat(sent).isEqualTo(40);
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> PoolBenchmark.committed(admin) >= 40);
                assertThat(worker.failure()).isNull();
            }
            // The committed offsets can show before every output partition has its commit marker
            // (the coordinator writes the markers after the commit returns): wait for the images, then count them.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> TopicReader.readAll(secured, Topics.IMAGES_RAW).size() >= 40);
            assertThat(TopicReader.readAll(secured, Topics.IMAGES_RAW)).hasSize(40);

            KafkaConnection wrong = new KafkaConnection("127.0.0.1:" + secure, shared.schemaRegistryUrl(),
                    KafkaConnection.clientPropertiesFromEnv(environment(truststore, "not-the-password")));
            try (Admin admin = Admin.create(wrong.common())) {
                assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .hasRootCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
            }
        }
    }

    /** What a user exports to reach a SASL_SSL cluster. */
    private static Map<String, String> environment(Path truststore, String password) {
        Map<String, String> env = new HashMap<>();
        env.put("STEM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("STEM_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("STEM_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"stem\" password=\"" + password + "\";");
        env.put("STEM_KAFKA_SSL_TRUSTSTORE_LOCATION", truststore.toString());
        env.put("STEM_KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
        env.put("STEM_KAFKA_SSL_TRUSTSTORE_PASSWORD", PASSWORD);
        return env;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("keytool %s: %s", args[0], out).isZero();
    }
}

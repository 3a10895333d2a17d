package org.stemstream.it;

import java.time.Duration;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.infra.EmbeddedKafka;
import org.stemstream.infra.LocalSchemaRegistry;
import org.stemstream.schemas.KafkaConnection;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;

/**
 * JUnit 5 extension that gives tests a real Kafka broker and a real schema registry, as a
 * {@link KafkaConnection} parameter: containers (Kafka, Apicurio) when a Docker engine is
 * present, the embedded KRaft broker and the local registry process otherwise. One of each per
 * test JVM, stopped when the JVM's tests are done. Tests isolate themselves with their own
 * campaign ids and consumer groups, not with separate brokers.
 */
public final class StemInfrastructure implements ParameterResolver {
    private static final Logger log = LoggerFactory.getLogger(StemInfrastructure.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StemInfrastructure.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaConnection.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, k -> start(), Running.class).connection;
    }

    private static Running start() {
        if (dockerAvailable()) {
            log.info("Docker engine found: Kafka and registry in containers");
            KafkaContainer kafka = new KafkaContainer(ContainerImages.KAFKA);
            GenericContainer<?> registry = new GenericContainer<>(ContainerImages.APICURIO)
                    .withExposedPorts(8080)
                    .withEnv("REGISTRY_RULES_GLOBAL_COMPATIBILITY", "BACKWARD")
                    .waitingFor(Wait.forHttp("/apis/ccompat/v7/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
            kafka.start();
            registry.start();
            String url = "http://" + registry.getHost() + ":" + registry.getMappedPort(8080) + "/apis/ccompat/v7";
            return new Running(new KafkaConnection(kafka.getBootstrapServers(), url), () -> {
                registry.stop();
                kafka.stop();
            });
        }
        log.info("no Docker engine: embedded KRaft broker and local registry process");
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            LocalSchemaRegistry registry = LocalSchemaRegistry.start();
            return new Running(new KafkaConnection(kafka.bootstrapServers(), registry.url()), () -> {
                registry.close();
                kafka.close();
            });
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    private static boolean dockerAvailable() {
        if (Boolean.getBoolean("stem.it.embedded")) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** The running pair; JUnit closes it with the root context, after the last test. */
    private record Running(KafkaConnection connection, Runnable stop) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            stop.run();
        }
    }
}

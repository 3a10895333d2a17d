package org.stemstream.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process's metrics: a Micrometer {@link PrometheusMeterRegistry} with the JVM binders, the
 * Kafka client and Kafka Streams binders of whatever the process {@linkplain #bind binds}, and the
 * project's own meters, served as Prometheus text at {@code http://HOST:PORT/metrics}.
 *
 * <p>Naming scheme: every project meter starts with {@code stem.} (Prometheus: {@code stem_}) and
 * carries a {@code stage} tag (simulator-worker, noise, augment, classifier, fuse, monitor, ...);
 * the registry adds {@code instance} to everything. The project's meters are listed in
 * {@link StageMeters} and the classes that record them.
 */
public final class StemMetrics implements AutoCloseable {
    /** Environment variable and default of the HTTP port; -1 turns the endpoint off, 0 picks a free port. */
    public static final String PORT_ENV = "STEM_METRICS_PORT";
    public static final int DEFAULT_PORT = 9404;
    /** Environment variable of the address the HTTP endpoints (metrics, dashboard) bind to; default loopback only. */
    public static final String BIND_ENV = "STEM_HTTP_BIND";
    private static final Logger log = LoggerFactory.getLogger(StemMetrics.class);

    private final PrometheusMeterRegistry registry;
    private final List<AutoCloseable> binders = new ArrayList<>();
    private final HttpServer server;

    private StemMetrics(String instance, int port, boolean jvm) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags(Tags.of(Tag.of("instance", instance)));
        server = port < 0 ? null : serve(port);
        if (!jvm) {
            return;
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        binders.add(gc);
    }

    /** Metrics of this process, served on {@code port} (-1: not served; taken: a free port instead, with a warning). */
    public static StemMetrics start(String instance, int port) {
        return new StemMetrics(instance, port, true);
    }

    /** The project's meters kept in memory only, without JVM binders (tests, benchmarks, embedded use). */
    public static StemMetrics inMemory() {
        return new StemMetrics("local", -1, false);
    }

    private HttpServer serve(int port) {
        HttpServer http;
        try {
            try {
                http = HttpServer.create(new InetSocketAddress(bindAddress(), port), 0);
            } catch (BindException e) {
                log.warn("metrics port {} is taken; serving metrics on a free port instead (set {} or --metrics-port)", port, PORT_ENV);
                http = HttpServer.create(new InetSocketAddress(bindAddress(), 0), 0);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve metrics on port " + port + ": " + e.getMessage(), e);
        }
        http.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.setExecutor(null);
        http.start();
        log.info("metrics at http://localhost:{}/metrics", http.getAddress().getPort());
        return http;
    }

    /**
     * Where HTTP endpoints listen: {@value #BIND_ENV} (for example 0.0.0.0 in a container, so that
     * Prometheus can scrape), else 127.0.0.1: nothing is exposed beyond this machine unless asked.
     */
    public static String bindAddress() {
        String v = System.getenv(BIND_ENV);
        return v == null || v.isBlank() ? "127.0.0.1" : v.trim();
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text of every meter, as the endpoint serves it. */
    public String scrape() {
        return registry.scrape();
    }

    /** The HTTP port, or -1 when the endpoint is off. */
    public int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    public void bind(Producer<?, ?> producer) {
        KafkaClientMetrics binder = new KafkaClientMetrics(producer);
        binder.bindTo(registry);
        binders.add(binder);
    }

    public void bind(Consumer<?, ?> consumer) {
        KafkaClientMetrics binder = new KafkaClientMetrics(consumer);
        binder.bindTo(registry);
        binders.add(binder);
    }

    /** Closes {@code binder} (for example a KafkaStreamsMetrics bound to {@link #registry()}) with these metrics. */
    public void track(AutoCloseable binder) {
        binders.add(binder);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                log.debug("closing a metrics binder", e);
            }
        }
        registry.close();
    }
}

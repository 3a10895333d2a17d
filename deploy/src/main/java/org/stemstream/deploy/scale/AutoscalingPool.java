package org.stemstream.deploy.scale;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.concurrent.DaemonThreads;
import org.stemstream.schemas.Topic;

/**
 * A pool of consumer-group members (each its own consumer, producer and transactional id) that
 * grows and shrinks on the group's lag, by the rule KEDA's Kafka scaler applies to the
 * deployments in deploy/k8s: desired members = ceil(lag / lagThreshold), between {@code min} and
 * {@code max} (at most the input topic's partitions). It grows at once and shrinks one member per
 * {@code cooldown}. Members leave through their normal close, so the group rebalances and nothing
 * is lost or duplicated (the members are exactly-once stages).
 */
public final class AutoscalingPool<T extends AutoCloseable> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AutoscalingPool.class);

    /** @param lagThreshold records of backlog per member */
    public record Rule(int min, int max, long lagThreshold, Duration cooldown) {
        public Rule {
            if (min < 0 || max < Math.max(1, min) || lagThreshold < 1) {
                throw new IllegalArgumentException("need 0 <= min <= max, max >= 1, lagThreshold >= 1; got " + min + ", " + max + ", " + lagThreshold);
            }
        }

        /** Members wanted for {@code lag}, before the cooldown. */
        public int desired(long lag, int partitions) {
            long wanted = (lag + lagThreshold - 1) / lagThreshold;
            return (int) Math.max(min, Math.min(Math.min(max, partitions), wanted));
        }
    }

    /** One decision, for the log, the dashboard and tests. */
    public record Step(long atMillis, long lag, int members) {
    }

    private final String group;
    private final Topic<?, ?> input;
    private final Supplier<T> factory;
    private final Rule rule;
    private final Admin admin;
    private final Clock clock;
    private final List<T> members = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final ScheduledExecutorService scheduler;
    private long lastChangeMillis;

    public AutoscalingPool(String group, Topic<?, ?> input, Supplier<T> factory, Rule rule, Admin admin, Duration interval, Clock clock) {
        this.group = group;
        this.input = input;
        this.factory = factory;
        this.rule = rule;
        this.admin = admin;
        this.clock = clock;
        synchronized (this) {
            resize(Math.max(1, rule.min()), 0);
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(group + "-autoscaler"));
        scheduler.scheduleWithFixedDelay(this::evaluate, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Current lag of the group on its input topic. */
    long lag() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < input.partitions(); p++) {
            latest.put(new TopicPartition(input.name(), p), OffsetSpec.latest());
        }
        long lag = 0;
        for (var e : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
        }
        return lag;
    }

    private boolean closed; // guarded by this

    private void evaluate() {
        try {
            long lag = lag();
            synchronized (this) {
                if (closed) {
                    return; // closed while the lag was read: starting members now would leak them
                }
                int target = rule.desired(lag, input.partitions());
                long now = clock.millis();
                if (target > members.size()) {
                    resize(target, lag);
                } else if (target < members.size() && now - lastChangeMillis >= rule.cooldown().toMillis()) {
                    resize(members.size() - 1, lag);
                }
            }
        } catch (Exception e) {
            log.warn("{}: cannot read the group's lag ({}); keeping {} member(s)", group, e.toString(), size());
        }
    }

    private void resize(int target, long lag) {
        while (members.size() < target) {
            members.add(factory.get());
        }
        while (members.size() > target) {
            T leaving = members.remove(members.size() - 1);
            try {
                leaving.close();
            } catch (Exception e) {
                log.warn("{}: closing a member", group, e);
            }
        }
        lastChangeMillis = clock.millis();
        steps.add(new Step(lastChangeMillis, lag, members.size()));
        log.info("{}: lag {} -> {} member(s)", group, lag, members.size());
    }

    public synchronized int size() {
        return members.size();
    }

    public synchronized List<T> members() {
        return List.copyOf(members);
    }

    /** The first member's failure as {@code failure} reports it, or null while all are healthy. */
    public synchronized Object failure(java.util.function.Function<T, ?> failure) {
        return members.stream().map(failure).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** Every change of size so far, the first being the start. */
    public synchronized List<Step> steps() {
        return List.copyOf(steps);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        synchronized (this) {
            closed = true;
            resize(0, -1);
        }
    }
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.sharding;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.apache.pekko.remote.transport.ThrottlerTransportAdapter;

/**
 * Cluster nodes as ActorSystems in this JVM on 127.0.0.1, ephemeral ports, the cluster registry
 * backend, Java serialization off (anything crossing nodes without a serializer fails here).
 * Node 0 joins itself, the others join node 0.
 */
final class TestCluster implements AutoCloseable {

  static final Duration PATIENCE = Duration.ofSeconds(60);

  private final String name;
  private final IntFunction<String> overrides;
  private final List<ActorTestKit> kits = new ArrayList<>();

  private TestCluster(String name, IntFunction<String> overrides) {
    this.name = name;
    this.overrides = overrides;
  }

  /** {@code count} nodes, all Up, with {@code overrides} on top of the test settings. */
  static TestCluster start(String name, int count, String overrides) {
    return start(name, count, node -> overrides);
  }

  /** As {@link #start(String, int, String)}, with settings per node (by index; also for nodes added later). */
  static TestCluster start(String name, int count, IntFunction<String> overrides) {
    TestCluster cluster = new TestCluster(name, overrides);
    try {
      for (int i = 0; i < count; i++) {
        cluster.add();
      }
      cluster.awaitUp(count);
      return cluster;
    } catch (RuntimeException | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  /** Starts one more node, joining node 0; returns its index (not yet waited for). */
  int add() {
    ActorTestKit kit = ActorTestKit.create(name, config(overrides.apply(kits.size())));
    kits.add(kit);
    Cluster.get(kit.system()).manager().tell(Join.create(Cluster.get(system(0)).selfMember().address()));
    return kits.size() - 1;
  }

  private static Config config(String overrides) {
    return ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseString("""
            pekko.actor.provider = cluster
            pekko.actor.allow-java-serialization = off
            pekko.remote.artery.canonical.hostname = "127.0.0.1"
            pekko.remote.artery.canonical.port = 0
            pekko.remote.artery.advanced.test-mode = on
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            pekko.cluster.failure-detector.acceptable-heartbeat-pause = 10s
            pekko.loglevel = WARNING
            pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
            pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
            pekko.stdout-loglevel = OFF
            pekko.actor.testkit.typed.throw-on-shutdown-timeout = off
            mcp.registry.backend = cluster
            mcp.registry.cluster.self-join = off
            mcp.sharding.cluster-sharding.rebalance-interval = 1s
            """))
        .withFallback(ConfigFactory.parseResources("pekko-mcp-fast-failover.conf"))
        .withFallback(ConfigFactory.load());
  }

  int size() {
    return kits.size();
  }

  ActorSystem<Void> system(int node) {
    return kits.get(node).system();
  }

  /** Waits until every running node sees {@code count} Up members. */
  void awaitUp(int count) {
    eventually(() -> {
      for (int i = 0; i < kits.size(); i++) {
        long up = StreamSupport.stream(Cluster.get(system(i)).state().getMembers().spliterator(), false)
            .filter(m -> m.status() == MemberStatus.up())
            .count();
        if (up != count) {
          throw new AssertionError("node " + i + " sees " + up + " Up members, waiting for " + count);
        }
      }
    });
  }

  /** Retries {@code check} until it passes, within the patience; on any node still running (some tests stop node 0). */
  void eventually(Runnable check) {
    TestProbe<Object> probe = TestProbe.create(running());
    probe.awaitAssert(PATIENCE, Duration.ofMillis(100), () -> {
      check.run();
      return null;
    });
  }

  /** Runs {@code check} every 100 ms for {@code duration}: for what must keep holding, not just come true. */
  void holds(Duration duration, Runnable check) {
    TestProbe<Object> probe = TestProbe.create(running());
    long end = System.nanoTime() + duration.toNanos();
    do {
      check.run();
      probe.expectNoMessage(Duration.ofMillis(100));
    } while (System.nanoTime() < end);
  }

  private ActorSystem<Void> running() {
    return kits.stream().map(ActorTestKit::system)
        .filter(s -> !s.getWhenTerminated().toCompletableFuture().isDone())
        .findFirst().orElseThrow(() -> new IllegalStateException("every node has stopped"));
  }

  /** Cuts node {@code node} off from every other node in both directions (Artery test mode). */
  @SuppressWarnings("deprecation")
  void isolate(int node) {
    for (int other = 0; other < kits.size(); other++) {
      if (other != node) {
        blackhole(node, other);
        blackhole(other, node);
      }
    }
  }

  @SuppressWarnings("deprecation")
  private void blackhole(int from, int to) {
    RemoteActorRefProvider provider = (RemoteActorRefProvider) ((ExtendedActorSystem) Adapter.toClassic(system(from))).provider();
    provider.transport().managementCommand(new ThrottlerTransportAdapter.SetThrottle(system(to).address(),
        ThrottlerTransportAdapter.bothDirection(), ThrottlerTransportAdapter.blackholeThrottleMode()));
  }

  @Override
  public void close() {
    for (int i = kits.size() - 1; i >= 0; i--) {
      kits.get(i).shutdownTestKit();
    }
  }
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

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
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.pekkomcp.registry.McpRegistry;

/**
 * A cluster of ActorSystems in this JVM on 127.0.0.1 with ephemeral ports, running the cluster
 * backend with Java serialization off, so anything that would cross the wire without a
 * serializer fails here. Node 0 joins itself, the others join node 0.
 *
 * <p>A test class that shares one cluster registers it as a JUnit extension, which starts it
 * before the first test and shuts every node down after the last, whatever the tests did:
 * <pre>{@code @RegisterExtension static final ClusterNodes nodes = ClusterNodes.of("name", 3, "");}</pre>
 * A test that needs a cluster of its own opens one with {@link #start} in try-with-resources.
 */
public final class ClusterNodes implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

  public static final Duration FORMATION = Duration.ofSeconds(60);

  private final String name;
  private final int count;
  private final IntFunction<String> overrides;
  private final List<ActorTestKit> kits = new ArrayList<>();

  private ClusterNodes(String name, int count, IntFunction<String> overrides) {
    this.name = name;
    this.count = count;
    this.overrides = overrides;
  }

  /** {@code count} nodes with {@code overrides} on top of the test settings, started when the extension's test class starts. */
  public static ClusterNodes of(String name, int count, String overrides) {
    return of(name, count, node -> overrides);
  }

  /** As {@link #of(String, int, String)}, with settings per node. */
  public static ClusterNodes of(String name, int count, IntFunction<String> overrides) {
    return new ClusterNodes(name, count, overrides);
  }

  /** Starts {@code count} nodes with {@code overrides} on top of the test settings and waits until all are Up. */
  public static ClusterNodes start(String name, int count, String overrides) {
    return start(name, count, node -> overrides);
  }

  /** As {@link #start(String, int, String)}, with settings per node. */
  public static ClusterNodes start(String name, int count, IntFunction<String> overrides) {
    ClusterNodes nodes = of(name, count, overrides);
    nodes.start();
    return nodes;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Starts the nodes and waits until all are Up; a node that started is shut down again if that fails. */
  private void start() {
    try {
      for (int i = 0; i < count; i++) {
        kits.add(ActorTestKit.create(name, config(overrides.apply(i))));
      }
      Cluster first = Cluster.get(system(0));
      for (ActorTestKit kit : kits) {
        Cluster.get(kit.system()).manager().tell(Join.create(first.selfMember().address()));
      }
      awaitUp(count);
    } catch (RuntimeException | AssertionError e) {
      close();
      throw e;
    }
  }

  public static Config config(String overrides) {
    return ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseString("""
            pekko.actor.provider = cluster
            pekko.actor.allow-java-serialization = off
            pekko.actor.warn-about-java-serializer-usage = on
            pekko.remote.artery.canonical.hostname = "127.0.0.1"
            pekko.remote.artery.canonical.port = 0
            pekko.remote.artery.advanced.test-mode = on
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            pekko.cluster.min-nr-of-members = 1
            # A busy 2-core box pauses threads for seconds; only the tests about failures
            # shorten this.
            pekko.cluster.failure-detector.acceptable-heartbeat-pause = 10s
            pekko.loglevel = WARNING
            pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
            pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
            pekko.stdout-loglevel = OFF
            # A slow leave on a busy box is not what these tests are about.
            pekko.actor.testkit.typed.throw-on-shutdown-timeout = off
            mcp.registry.backend = cluster
            mcp.registry.cluster.self-join = off
            """))
        .withFallback(ConfigFactory.parseResources("pekko-mcp-fast-failover.conf"))
        .withFallback(ConfigFactory.load());
  }

  public int size() {
    return kits.size();
  }

  public ActorTestKit kit(int node) {
    return kits.get(node);
  }

  public ActorSystem<Void> system(int node) {
    return kits.get(node).system();
  }

  public ClusterBackend backend(int node) {
    return (ClusterBackend) McpRegistry.get(system(node)).backend();
  }

  /** Waits until every node sees {@code count} Up members and its registry counts them all as voters. */
  public void awaitUp(int count) {
    TestProbe<Object> probe = TestProbe.create(system(0));
    probe.awaitAssert(FORMATION, Duration.ofMillis(100), () -> {
      for (int i = 0; i < kits.size(); i++) {
        Cluster cluster = Cluster.get(system(i));
        long up = StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
            .filter(m -> m.status() == MemberStatus.up())
            .count();
        if (up != count || backend(i).voters() != count) {
          throw new AssertionError("node " + i + " sees " + up + " Up members and " + backend(i).voters() + " voters, waiting for " + count);
        }
      }
      return null;
    });
  }

  /** Cuts node {@code node} off from every other node, or heals it. */
  public void isolate(int node, boolean cut) {
    for (int other = 0; other < kits.size(); other++) {
      if (other != node) {
        link(node, other, cut);
        link(other, node, cut);
      }
    }
  }

  /** Waits until {@code node}'s registry counts {@code voters} voters (itself included). */
  public void awaitVoters(int node, int voters) {
    TestProbe<Object> probe = TestProbe.create(system(node));
    probe.awaitAssert(FORMATION, Duration.ofMillis(100), () -> {
      if (backend(node).voters() != voters) {
        throw new AssertionError("node " + node + " counts " + backend(node).voters() + " voters, waiting for " + voters);
      }
      return null;
    });
  }

  /** Waits until {@code node} sees {@code count} members unreachable. */
  public void awaitUnreachable(int node, int count) {
    TestProbe<Object> probe = TestProbe.create(system(node));
    probe.awaitAssert(FORMATION, Duration.ofMillis(100), () -> {
      int seen = Cluster.get(system(node)).state().getUnreachable().size();
      if (seen != count) {
        throw new AssertionError("node " + node + " sees " + seen + " members unreachable, waiting for " + count);
      }
      return null;
    });
  }

  /** Cuts (or with {@code blackhole = false}, heals) the link between two nodes in both directions (Artery test mode). */
  @SuppressWarnings("deprecation")
  public void link(int a, int b, boolean blackhole) {
    RemoteActorRefProvider provider = (RemoteActorRefProvider) ((ExtendedActorSystem) Adapter.toClassic(system(a))).provider();
    provider.transport().managementCommand(new ThrottlerTransportAdapter.SetThrottle(
        system(b).address(), ThrottlerTransportAdapter.bothDirection(),
        blackhole ? ThrottlerTransportAdapter.blackholeThrottleMode() : ThrottlerTransportAdapter.unthrottledThrottleMode()));
  }

  /** Shuts every node down, the last started first; a second call does nothing. */
  @Override
  public void close() {
    for (int i = kits.size() - 1; i >= 0; i--) {
      kits.remove(i).shutdownTestKit();
    }
  }
}

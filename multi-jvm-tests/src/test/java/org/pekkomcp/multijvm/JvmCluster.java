/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that starts {@link NodeMain} JVMs and always kills them.
 *
 * <p>Register it as a field: {@code @RegisterExtension final JvmCluster cluster = new JvmCluster();}.
 * After each test (passed, failed or timed out: JUnit runs after-each callbacks in every case)
 * every node it started is killed with {@code destroyForcibly()} and waited for, then the test's
 * other clean-ups run (network namespaces). Registered as a {@code static} field instead, its
 * nodes live for the whole test class and are killed after the last test. A JVM shutdown hook does the same for anything left
 * if the test JVM itself is stopped, and each node has a watchdog and exits when its stdin
 * closes, so even a killed test JVM leaves nothing running for long.
 *
 * <p>Nodes log to {@code target/multi-jvm-logs/<TestClass>.<method>-<node>.log}.
 */
public final class JvmCluster implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

  /** Forming a cluster took 5-17 s on a busy 2-core box (PEKKO-NOTES); leave room. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private static final Duration WATCHDOG = Duration.ofMinutes(10);
  private static final Set<NodeProcess> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(NodeProcess::destroy), "kill-test-nodes"));
  }

  private final List<NodeProcess> nodes = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> cleanups = new CopyOnWriteArrayList<>();
  private volatile String testName = "test";
  /** Set when JUnit calls beforeAll, which it does only for an extension in a static field. */
  private volatile boolean classScoped;

  /** Starts one node; it is killed after the test whatever happens. Does not wait for READY. */
  public NodeProcess start(NodeSpec spec) {
    Path log = Path.of("target", "multi-jvm-logs", testName + "-" + spec.name() + ".log");
    NodeProcess node = NodeProcess.start(spec.name(), spec.command(WATCHDOG), spec.environment(), log);
    LIVE.add(node);
    nodes.add(node);
    return node;
  }

  /**
   * Starts the nodes, the first joining itself and the others joining it, and returns them once
   * every one of them sees all of them Up and none unreachable.
   */
  public List<NodeProcess> form(List<NodeSpec> specs) {
    long start = System.currentTimeMillis();
    // Every JVM starts at once (start-up is most of the time); all but the first wait to be told
    // whom to join, since the first one's port is known only once it is up.
    List<NodeProcess> started = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      started.add(i == 0 ? start(specs.get(i)) : startUnjoined(specs.get(i)));
    }
    String seed = started.get(0).awaitReady(READY_TIMEOUT);
    started.subList(1, started.size()).forEach(n -> n.call("join-cluster " + seed, READY_TIMEOUT));
    started.forEach(n -> n.awaitReady(READY_TIMEOUT));
    started.forEach(n -> awaitMembers(n, specs.size(), 0));
    System.out.printf("[multi-jvm] %s: %d JVMs formed a cluster in %d ms%n",
        testName, specs.size(), System.currentTimeMillis() - start);
    return started;
  }

  /**
   * Starts a node that joins only when told to ({@link #join}), so that a replacement's JVM starts
   * while the test still waits for the node it replaces to leave or be removed.
   */
  public NodeProcess startUnjoined(NodeSpec spec) {
    return start(spec.withSeed(NodeOptions.JOIN_LATER));
  }

  /** Tells a node from {@link #startUnjoined} to join the cluster of {@code seed}; returns once it is Up. */
  public static NodeProcess join(NodeProcess node, NodeProcess seed) {
    node.call("join-cluster " + seed.address(), READY_TIMEOUT);
    node.awaitReady(READY_TIMEOUT);
    return node;
  }

  /** {@link #form} with default specs named n1..n{count} on 127.0.0.1. */
  public List<NodeProcess> form(int count) {
    return form(NodeSpec.numbered(count, spec -> spec));
  }

  /** Waits (on the node) until it sees {@code up} members Up and {@code unreachable} unreachable. */
  public static JsonNode awaitMembers(NodeProcess node, int up, int unreachable) {
    long timeoutMs = READY_TIMEOUT.toMillis();
    return node.call("await-cluster " + up + " " + unreachable + " " + timeoutMs, READY_TIMEOUT.plusSeconds(10));
  }

  /** Runs {@code cleanup} after the test, after the nodes are dead. */
  public void onCleanup(AutoCloseable cleanup) {
    cleanups.add(cleanup);
  }

  public String testName() {
    return testName;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    classScoped = true;
    testName = context.getRequiredTestClass().getSimpleName();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!classScoped) {
      testName = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (!classScoped) {
      killAll();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    killAll();
  }

  private void killAll() throws Exception {
    for (NodeProcess node : nodes) {
      node.destroy();
      LIVE.remove(node);
    }
    nodes.clear();
    Exception first = null;
    for (AutoCloseable cleanup : cleanups) {
      try {
        cleanup.close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    cleanups.clear();
    if (first != null) {
      throw first;
    }
  }
}

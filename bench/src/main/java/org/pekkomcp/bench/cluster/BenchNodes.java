/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.bench.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The nodes of one benchmark cluster and the {@link HostProcess} JVMs that hold them: either one
 * JVM per node (as users run it) or all nodes in one JVM (sharing a JIT, a heap and a collector,
 * like {@link BenchCluster}), addressed the same way by node index so that one driver measures
 * both. Node 0 is the seed.
 */
final class BenchNodes implements AutoCloseable {

  private final boolean oneJvm;
  private final List<String> jvmOptions;
  private final List<HostProcess> hosts = new ArrayList<>();
  private final List<String> addresses = new ArrayList<>();

  private BenchNodes(boolean oneJvm, List<String> jvmOptions) {
    this.oneJvm = oneJvm;
    this.jvmOptions = jvmOptions;
  }

  /** {@code count} node JVMs, each with {@code jvmOptions}; returns once every node sees all of them Up. */
  static BenchNodes processes(int count, List<String> jvmOptions) {
    return start(new BenchNodes(false, jvmOptions), nodes -> {
      for (int i = 0; i < count; i++) {
        nodes.addHost(HostProcess.start("node-" + i, jvmOptions, 1, i == 0 ? "self" : nodes.addresses.get(0)));
      }
    });
  }

  /** {@code count} nodes in one JVM started with {@code jvmOptions}. */
  static BenchNodes oneJvm(int count, List<String> jvmOptions) {
    return start(new BenchNodes(true, jvmOptions), nodes -> nodes.addHost(HostProcess.start("one-jvm", jvmOptions, count, "self")));
  }

  private static BenchNodes start(BenchNodes nodes, java.util.function.Consumer<BenchNodes> hosts) {
    try {
      hosts.accept(nodes);
      nodes.awaitUp();
      return nodes;
    } catch (RuntimeException e) {
      nodes.close();
      throw e;
    }
  }

  private void addHost(HostProcess host) {
    hosts.add(host);
    addresses.addAll(host.awaitReady());
  }

  int size() {
    return addresses.size();
  }

  String address(int node) {
    return addresses.get(node);
  }

  private HostProcess host(int node) {
    return hosts.get(oneJvm ? 0 : node);
  }

  private int local(int node) {
    return oneJvm ? node : 0;
  }

  CompletableFuture<String[]> send(int node, String command, Object... args) {
    return host(node).send(command, local(node), args);
  }

  String[] call(int node, String command, Object... args) {
    return host(node).call(command, local(node), args);
  }

  /** CPU ticks used so far by every node JVM, summed. */
  long cpuTicks() {
    return hosts.stream().mapToLong(HostProcess::cpuTicks).sum();
  }

  /** CPU ticks used so far per JVM (one entry per node, or one for all nodes in one JVM). */
  long[] cpuTicksPerJvm() {
    return hosts.stream().mapToLong(HostProcess::cpuTicks).toArray();
  }

  /** Bytes allocated so far per JVM (see {@link AllocatedBytes}). */
  long[] allocatedPerJvm() {
    return hosts.stream().mapToLong(host -> Long.parseLong(host.call("allocated", 0)[0])).toArray();
  }

  /**
   * Summed over the nodes: batches the registries pushed to their peers, the ops in them, and
   * the same for the {@link FloorNode}s.
   */
  long[] pushed() {
    long[] sum = new long[4];
    for (int node = 0; node < size(); node++) {
      String[] counts = call(node, "pushed");
      for (int i = 0; i < sum.length; i++) {
        sum[i] += Long.parseLong(counts[i]);
      }
    }
    return sum;
  }

  private void awaitUp() {
    List<CompletableFuture<String[]>> up = new ArrayList<>();
    for (int node = 0; node < size(); node++) {
      up.add(send(node, "up", size()));
    }
    up.forEach(CompletableFuture::join);
  }

  /** kill -9 of a node's JVM (one JVM per node only). */
  void kill(int node) {
    if (oneJvm) {
      throw new IllegalStateException("cannot kill one node of a shared JVM");
    }
    host(node).kill();
  }

  /** Starts a new JVM in a killed node's place, joining node 0; returns once every node sees all Up. */
  void replace(int node) {
    HostProcess host = HostProcess.start("node-" + node, jvmOptions, 1, addresses.get(0));
    hosts.set(node, host);
    addresses.set(node, host.awaitReady().get(0));
    awaitUp();
  }

  /** "n late-heartbeat warnings, m unreachable marks" logged by the nodes so far. */
  String failureDetectorNoise() {
    return String.format(java.util.Locale.ROOT, "%d late-heartbeat warnings, %d times a node marked another UNREACHABLE",
        hosts.stream().mapToLong(HostProcess::lateHeartbeats).sum(), hosts.stream().mapToLong(HostProcess::unreachableMarks).sum());
  }

  @Override
  public void close() {
    hosts.forEach(HostProcess::close);
  }
}

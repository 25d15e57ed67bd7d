/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.bench.cluster;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Outcome;

/**
 * Load driver for the cluster backend: three ActorSystems in one JVM on 127.0.0.1 (see
 * {@link BenchCluster}), driven through the public {@link McpRegistry} API, printing throughput
 * and latency percentiles per figure of issue 3's benchmark list. Not part of {@code mvn verify};
 * run it with {@code ./benchmarks-cluster [section ...]}.
 *
 * <p>Sections (each starts its own fresh cluster, so one never measures another's leftovers):
 * <ul>
 *   <li>{@code register}: 100,000 registrations with the default (majority) consistency,
 *       pipelined from node 0, the rate per 10,000-name window; then 100,000 more from all three
 *       nodes at once on a fresh cluster ({@code register-node0}, {@code register-all}: one of them).</li>
 *   <li>{@code join}: 100,000 group joins (100 groups x the owner pool), from node 0 and from all
 *       three nodes.</li>
 *   <li>{@code read}: {@code whereis} (hit, miss) and {@code members} of a 10- and a 1,000-member
 *       group on node 1, which owns none of them, with 1 and 2 reader threads.</li>
 *   <li>{@code propagation}: {@code Registered} on node 0 to the name in node 2's snapshot; an
 *       owner's stop on node 0 to its name and membership gone from node 2's snapshot.</li>
 *   <li>{@code heap}: the heap per name per node at 100,000 names ({@code -Dbench.heap.names}),
 *       once every node's view and CRDT replica hold them all.</li>
 *   <li>{@code scale}: 1,000,000 names from all three nodes, the rate per 100,000, and the heap
 *       right after (before the CRDT replicas converged, which takes minutes at that size).</li>
 * </ul>
 * With no argument it runs all of them. {@code -Dbench.names=N} and {@code -Dbench.inflight=N}
 * change the register section's size and the in-flight calls per producing node;
 * {@code -Dbench.scale.names=N} the scale section's; {@code -Dbench.histogram=N} prints the N
 * classes whose live heap grew most over each heap measurement; {@code -Dbench.owners=N} the
 * owner actors per node (see {@link BenchCluster}).
 *
 * <p>Pipelining: one producer thread per producing node keeps up to {@code inflight} calls open
 * (a semaphore released by each reply), as many concurrent callers on that node would. A call's
 * latency runs from the call to its reply; a window's rate is its size over the time between the
 * replies that close it and the previous window.
 *
 * <p>About 650 lines because each section is one method that reads top to bottom as the run it
 * makes (start a cluster, load it, wait for agreement, print); they share only the helpers here.
 */
public final class ClusterLoadDriver {

  private static final int NODES = 3;
  private static final EntryConfig CONFIG = EntryConfig.withCapabilities("tools");
  private static final int INFLIGHT = Integer.getInteger("bench.inflight", 4096);
  private static volatile long sink;

  private ClusterLoadDriver() {}

  public static void main(String[] args) throws Exception {
    List<String> sections = args.length == 0 ? List.of("register", "join", "read", "propagation", "heap", "scale") : List.of(args);
    System.out.printf(Locale.ROOT, "# cluster load driver: %d nodes in one JVM, %d cores, JDK %s, max heap %d MiB, collectors %s, load average %.2f%n",
        NODES, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    for (String section : sections) {
      switch (section) {
        case "register" -> {
          registerFromNode0(Integer.getInteger("bench.names", 100_000));
          registerFromAll(Integer.getInteger("bench.names", 100_000));
        }
        case "register-node0" -> registerFromNode0(Integer.getInteger("bench.names", 100_000));
        case "register-all" -> registerFromAll(Integer.getInteger("bench.names", 100_000));
        case "join" -> join();
        case "read" -> read();
        case "propagation" -> propagation();
        case "heap" -> heap(Integer.getInteger("bench.heap.names", 100_000));
        case "scale" -> scale(Integer.getInteger("bench.scale.names", 1_000_000));
        default -> throw new IllegalArgumentException("unknown section " + section
            + " (register, register-node0, register-all, join, read, propagation, heap, scale)");
      }
    }
    System.out.printf(Locale.ROOT, "# done, load average %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  // ---- sections ----

  private static void registerFromNode0(int names) {
    try (BenchCluster cluster = BenchCluster.start("reg", NODES, "")) {
      Run run = pipelined(cluster, new int[] {0}, names, 10_000, (node, i) ->
          cluster.registry(node).register(Kind.SERVER, "svc-" + i, cluster.owner(node, i), CONFIG), Outcome.Registered.class);
      run.print("register, majority, pipelined from node 0");
      awaitNames(cluster, names, run);
    }
  }

  /**
   * The steady-state heap per name per node: names registered from node 0, then every node's
   * view and every node's CRDT replica complete before the heap is measured. The registry's
   * gossip runs every 2 s here instead of 20 s so that the anti-entropy copies converge in
   * seconds rather than minutes (a round ships at most 500 of the 5,120 shards); what a
   * converged replica holds does not depend on the interval.
   */
  private static void heap(int names) {
    try (BenchCluster cluster = BenchCluster.start("heap", NODES, "mcp.registry.cluster.distributed-data.gossip-interval = 2s")) {
      LiveHeap before = LiveHeap.measure();
      Run run = pipelined(cluster, new int[] {0}, names, 10_000, (node, i) ->
          cluster.registry(node).register(Kind.SERVER, "svc-" + i, cluster.owner(node, i), CONFIG), Outcome.Registered.class);
      System.out.printf(Locale.ROOT, "heap: %,d names registered from node 0 by %,d owner actors (registry gossip every 2 s)%n",
          names, Math.min(names, BenchCluster.OWNERS_PER_NODE));
      awaitNames(cluster, names, run);
      Optional<Duration> converged = cluster.awaitCrdtConverged(Duration.ofMinutes(5));
      System.out.println(converged.map(d -> "  every node's CRDT replica converged " + d.toMillis() / 1000 + " s after that")
          .orElse("  the CRDT replicas did NOT converge within 5 minutes: the figure below misses part of them"));
      System.out.printf(Locale.ROOT, "heap per name per node at %,d names: %s%n", names, LiveHeap.measure().growthSince(before, names));
      printHistogramGrowth(before.classes(), names);
    }
  }

  private static void registerFromAll(int names) {
    try (BenchCluster cluster = BenchCluster.start("reg3", NODES, "")) {
      Run run = pipelined(cluster, new int[] {0, 1, 2}, names, 10_000, (node, i) ->
          cluster.registry(node).register(Kind.SERVER, "svc-" + i, cluster.owner(node, i), CONFIG), Outcome.Registered.class);
      run.print("register, majority, pipelined from all 3 nodes");
      awaitNames(cluster, names, run);
    }
  }

  private static void join() {
    int joins = 100_000;
    try (BenchCluster cluster = BenchCluster.start("join", NODES, "")) {
      Run run = pipelined(cluster, new int[] {0}, joins, 10_000, (node, i) ->
          cluster.registry(node).join(group(i), cluster.owner(node, i / 100)), Outcome.Joined.class);
      run.print("join, pipelined from node 0");
      awaitMembers(cluster, joins, run);
    }
    try (BenchCluster cluster = BenchCluster.start("join3", NODES, "")) {
      Run run = pipelined(cluster, new int[] {0, 1, 2}, joins, 10_000, (node, i) ->
          cluster.registry(node).join(group(i), cluster.owner(node, i / 100)), Outcome.Joined.class);
      run.print("join, pipelined from all 3 nodes");
      awaitMembers(cluster, joins, run);
    }
  }

  /** 100 groups; owner i / 100 makes every (group, ref) pair distinct up to 102,400 joins. */
  private static String group(long i) {
    return "bench.g-" + (i % 100);
  }

  private static void read() throws Exception {
    try (BenchCluster cluster = BenchCluster.start("read", NODES, "")) {
      McpRegistry owner = cluster.registry(0);
      List<CompletableFuture<?>> writes = new ArrayList<>();
      for (int i = 0; i < 1024; i++) {
        writes.add(owner.register(Kind.SERVER, "server-" + i, cluster.owner(0, i), CONFIG).toCompletableFuture());
        if (i < 10) {
          writes.add(owner.join("bench.group-10", cluster.owner(0, i)).toCompletableFuture());
        }
        if (i < 1000) {
          writes.add(owner.join("bench.group-1000", cluster.owner(0, i)).toCompletableFuture());
        }
      }
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
      McpRegistry reader = cluster.registry(1);
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (reader.list(Kind.SERVER).size() < 1024 || reader.members("bench.group-10").size() < 10
          || reader.members("bench.group-1000").size() < 1000) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("node 1 did not see the read fixture within 60 s");
        }
        LoadMath.pause(10);
      }
      String[] hits = new String[1024];
      String[] misses = new String[1024];
      for (int i = 0; i < 1024; i++) {
        hits[i] = "server-" + i;
        misses[i] = "absent-" + i;
      }
      for (int threads : new int[] {1, 2}) {
        measureReads("whereis hit, node 1", threads, i -> reader.whereis(Kind.SERVER, hits[i & 1023]).isPresent() ? 1 : 0);
        measureReads("whereis miss, node 1", threads, i -> reader.whereis(Kind.SERVER, misses[i & 1023]).isPresent() ? 1 : 0);
        measureReads("members (10), node 1", threads, i -> reader.members("bench.group-10").isEmpty() ? 0 : 1);
        measureReads("members (1,000), node 1", threads, i -> reader.members("bench.group-1000").isEmpty() ? 0 : 1);
      }
    }
  }

  private static void propagation() throws Exception {
    try (BenchCluster cluster = BenchCluster.start("prop", NODES, "")) {
      McpRegistry node0 = cluster.registry(0);
      McpRegistry node2 = cluster.registry(2);
      Spinner spinner = new Spinner();
      spinner.start();
      try {
        int samples = Integer.getInteger("bench.propagation.samples", 1000);
        long[] fromReply = new long[samples];
        long[] fromCall = new long[samples];
        int early = 0;
        for (int i = 0; i < samples + 100; i++) {
          String name = "prop-" + i;
          AtomicLong replied = new AtomicLong();
          long called = System.nanoTime();
          spinner.watch(() -> node2.whereis(Kind.SERVER, name).isPresent());
          Outcome outcome = node0.register(Kind.SERVER, name, cluster.owner(0, i), CONFIG)
              .whenComplete((o, e) -> replied.set(System.nanoTime())).toCompletableFuture().join();
          expect(outcome, Outcome.Registered.class);
          long seen = spinner.awaitSeen();
          if (i >= 100) { // the first 100 warm up
            long delta = seen - replied.get();
            early += delta < 0 ? 1 : 0;
            fromReply[i - 100] = Math.max(0, delta);
            fromCall[i - 100] = seen - called;
          }
        }
        System.out.printf(Locale.ROOT, "propagation register: Registered on node 0 -> visible on node 2: %s (%d of %d seen before the reply: counted as 0)%n",
            LoadMath.percentilesMs(fromReply, samples), early, samples);
        System.out.printf(Locale.ROOT, "propagation register: call on node 0 -> visible on node 2: %s%n", LoadMath.percentilesMs(fromCall, samples));

        int stops = Integer.getInteger("bench.propagation.stops", 500);
        long[] stopLatency = new long[stops];
        for (int i = 0; i < stops + 50; i++) {
          String name = "stop-" + i;
          ActorRef<Object> victim = cluster.system(0).systemActorOf(
              Behaviors.receiveMessage(m -> Behaviors.stopped()), "victim-" + i, Props.empty());
          expect(node0.register(Kind.SERVER, name, victim, EntryConfig.empty()).toCompletableFuture().join(), Outcome.Registered.class);
          expect(node0.join("bench.stop-group", victim).toCompletableFuture().join(), Outcome.Joined.class);
          spinner.watch(() -> node2.whereis(Kind.SERVER, name).isPresent() && !node2.members("bench.stop-group").isEmpty());
          spinner.awaitSeen();
          spinner.watch(() -> node2.whereis(Kind.SERVER, name).isEmpty() && node2.members("bench.stop-group").isEmpty());
          long stopped = System.nanoTime();
          victim.tell("stop");
          long gone = spinner.awaitSeen();
          if (i >= 50) {
            stopLatency[i - 50] = gone - stopped;
          }
        }
        System.out.printf(Locale.ROOT, "propagation stop: owner stopped on node 0 -> name and membership gone on node 2: %s%n",
            LoadMath.percentilesMs(stopLatency, stops));
      } finally {
        spinner.interrupt();
        spinner.join();
      }
    }
  }

  private static void scale(int names) {
    try (BenchCluster cluster = BenchCluster.start("scale", NODES, "")) {
      LiveHeap before = LiveHeap.measure();
      int window = 100_000;
      Run run = pipelined(cluster, new int[] {0, 1, 2}, names, window, (node, i) ->
          cluster.registry(node).register(Kind.SERVER, "svc-" + i, cluster.owner(node, i), CONFIG), Outcome.Registered.class);
      run.print("scale: register, majority, pipelined from all 3 nodes");
      double first = run.windowRate(0);
      double last = run.windowRate(run.windows() - 1);
      System.out.printf(Locale.ROOT, "scale: first %,d names %s, last %,d names %s: last/first = %.2f%n",
          window, LoadMath.rate(first), window, LoadMath.rate(last), last / first);
      awaitNames(cluster, names, run);
      int notConverged = cluster.crdtShardsNotConverged();
      System.out.printf(Locale.ROOT, "scale: heap per name per node at %,d names: %s, with %,d CRDT shards not yet converged "
          + "(the anti-entropy copies are still on their way; see the heap section for a converged figure)%n",
          names, LiveHeap.measure().growthSince(before, names), notConverged);
      printHistogramGrowth(before.classes(), names);
    }
  }

  // ---- pipelined writes ----

  interface Call {
    CompletionStage<? extends Outcome> call(int node, long index);
  }

  /** A pipelined run's timings. */
  static final class Run {
    final long total;
    final long window;
    final long[] latency;
    final long[] windowEnd;
    final AtomicLong done = new AtomicLong();
    final AtomicLong unexpected = new AtomicLong();
    final AtomicReference<Object> firstUnexpected = new AtomicReference<>();
    long start;
    long end;
    long cpuStart;
    long cpuEnd;
    long gcStart;
    long gcEnd;
    ThreadCpu threadsStart;
    ThreadCpu threadsEnd;

    Run(long total, long window) {
      this.total = total;
      this.window = window;
      this.latency = new long[(int) total];
      this.windowEnd = new long[(int) ((total + window - 1) / window)];
    }

    int windows() {
      return windowEnd.length;
    }

    double windowRate(int w) {
      long from = w == 0 ? start : windowEnd[w - 1];
      long size = Math.min(window, total - w * window);
      return size / ((windowEnd[w] - from) / 1e9);
    }

    void print(String title) {
      double seconds = (end - start) / 1e9;
      System.out.printf(Locale.ROOT, "%s: %,d ops in %.2f s = %s; latency %s; unexpected outcomes %d%s%n",
          title, total, seconds, LoadMath.rate(total / seconds), LoadMath.percentilesMs(latency, (int) total), unexpected.get(),
          firstUnexpected.get() == null ? "" : " (first: " + firstUnexpected.get() + ")");
      String shares = threadsEnd.sharesSince(threadsStart);
      System.out.printf(Locale.ROOT, "  process CPU %.1f us per op (%.0f%% of %d cores%s), GC pauses %,d ms%n",
          (cpuEnd - cpuStart) / 1e3 / total, 100.0 * (cpuEnd - cpuStart) / (end - start) / Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().availableProcessors(), shares.isEmpty() ? "" : ": " + shares, gcEnd - gcStart);
      StringBuilder line = new StringBuilder("  per " + String.format(Locale.ROOT, "%,d", window) + ":");
      for (int w = 0; w < windows(); w++) {
        line.append(' ').append(LoadMath.rate(windowRate(w)));
      }
      System.out.println(line);
    }
  }

  /** CPU time of this whole process (all 3 nodes and the driver). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Time the JVM's collectors report spent collecting, pauses and concurrent phases alike. */
  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
  }

  private static Run pipelined(BenchCluster cluster, int[] nodes, long total, long window, Call call, Class<? extends Outcome> expected) {
    Run run = new Run(total, window);
    List<Thread> producers = new ArrayList<>();
    CompletableFuture<Void> finished = new CompletableFuture<>();
    for (int k = 0; k < nodes.length; k++) {
      int node = nodes[k];
      int slot = k;
      producers.add(new Thread(() -> {
        Semaphore inflight = new Semaphore(INFLIGHT);
        for (long i = slot; i < total; i += nodes.length) {
          long index = i;
          inflight.acquireUninterruptibly();
          long called = System.nanoTime();
          call.call(node, index).whenComplete((outcome, failure) -> {
            long now = System.nanoTime();
            run.latency[(int) index] = now - called;
            if (failure != null || !expected.isInstance(outcome)) {
              run.unexpected.incrementAndGet();
              run.firstUnexpected.compareAndSet(null, failure != null ? failure : outcome);
            }
            inflight.release();
            long count = run.done.incrementAndGet();
            if (count % window == 0 || count == total) {
              run.windowEnd[(int) ((count - 1) / window)] = now;
            }
            if (count == total) {
              run.end = now;
              finished.complete(null);
            }
          });
        }
      }, "producer-" + node));
    }
    run.cpuStart = processCpuNanos();
    run.gcStart = gcMillis();
    run.threadsStart = ThreadCpu.sample();
    run.start = System.nanoTime();
    producers.forEach(Thread::start);
    finished.join();
    run.cpuEnd = processCpuNanos();
    run.gcEnd = gcMillis();
    run.threadsEnd = ThreadCpu.sample();
    return run;
  }

  /**
   * Waits until every node shows the names that were registered (the calls minus unexpected
   * outcomes); prints how long after the last reply. Polls every 50 ms: list() copies the table.
   */
  private static void awaitNames(BenchCluster cluster, long calls, Run run) {
    long names = calls - run.unexpected.get();
    long deadline = System.nanoTime() + 300_000_000_000L;
    for (int node = 0; node < cluster.size(); node++) {
      while (cluster.registry(node).list(Kind.SERVER).size() < names) {
        if (System.nanoTime() > deadline) {
          System.out.printf(Locale.ROOT, "  node %d shows only %,d names after 300 s%n", node, cluster.registry(node).list(Kind.SERVER).size());
          return;
        }
        LoadMath.pause(50);
      }
    }
    System.out.printf(Locale.ROOT, "  every node shows all %,d names %d ms after the last reply%n",
        names, (System.nanoTime() - run.end) / 1_000_000);
  }

  private static void awaitMembers(BenchCluster cluster, long joins, Run run) {
    long deadline = System.nanoTime() + 300_000_000_000L;
    for (int node = 0; node < cluster.size(); node++) {
      while (memberships(cluster.registry(node)) < joins - run.unexpected.get()) {
        if (System.nanoTime() > deadline) {
          System.out.printf(Locale.ROOT, "  node %d shows only %,d memberships after 300 s%n", node, memberships(cluster.registry(node)));
          return;
        }
        LoadMath.pause(5);
      }
    }
    System.out.printf(Locale.ROOT, "  every node shows all %,d memberships %d ms after the last reply%n",
        joins, (System.nanoTime() - run.end) / 1_000_000);
  }

  private static long memberships(McpRegistry registry) {
    long count = 0;
    for (int g = 0; g < 100; g++) {
      count += registry.members(group(g)).size();
    }
    return count;
  }

  /**
   * Heap in use after full collections: the difference over a run, divided by names and nodes, is
   * the heap per name per node, everything each node keeps for a name included (its view entry,
   * vote slot, the CRDT replica and its last-read copy), the owner actors excluded (made before).
   * See {@link LiveHeap} for the exact figure.
   */
  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /**
   * The heap in use after full collections, two ways: the bytes of all live objects (the JVM's
   * class histogram: exact) and the used heap the memory bean reports (which also counts the
   * unused ends of the collector's regions: up to ~30 bytes per name more than the live bytes).
   */
  private record LiveHeap(long liveBytes, long usedBytes, Map<String, long[]> classes) {
    /**
     * The smallest of three histograms: each is taken after a full GC, except when a thread holds
     * the GC locker (a JNI critical section, such as a Deflater's) at that moment, and then the
     * garbage is counted too ("pre-dump GC was skipped").
     */
    static LiveHeap measure() {
      long used = heapAfterGc();
      Map<String, long[]> classes = histogram();
      for (int i = 0; i < 2; i++) {
        Map<String, long[]> again = histogram();
        if (total(again) < total(classes)) {
          classes = again;
        }
      }
      return new LiveHeap(total(classes), used, classes);
    }

    private static long total(Map<String, long[]> classes) {
      return classes.values().stream().mapToLong(c -> c[1]).sum();
    }

    /** The growth since {@code before}, per name per node. */
    String growthSince(LiveHeap before, long names) {
      double perName = (double) names * NODES;
      if (classes.isEmpty() || before.classes().isEmpty()) {
        return String.format(Locale.ROOT, "%.0f bytes of used heap after full GC (no class histogram here)",
            (usedBytes - before.usedBytes()) / perName);
      }
      return String.format(Locale.ROOT, "%.0f bytes of live objects (%.0f by used heap after full GC; %,d MiB more live objects over %d nodes)",
          (liveBytes - before.liveBytes()) / perName, (usedBytes - before.usedBytes()) / perName,
          (liveBytes - before.liveBytes()) >> 20, NODES);
    }
  }

  /**
   * The JVM's class histogram (live objects, taken after a full GC) as class name to
   * {instances, bytes}; empty where the JVM has no such diagnostic command.
   */
  private static Map<String, long[]> histogram() {
    Map<String, long[]> classes = new HashMap<>();
    try {
      String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
      // Rows look like "   1:   123456   7890123  java.lang.String (java.base@17)".
      Pattern row = Pattern.compile("\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*");
      histogram.lines().map(row::matcher).filter(Matcher::matches).forEach(m ->
          classes.merge(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
              (one, other) -> new long[] {one[0] + other[0], one[1] + other[1]}));
    } catch (javax.management.JMException e) {
      System.out.println("no class histogram: " + e);
    }
    return classes;
  }

  /**
   * With {@code -Dbench.histogram=N}, the N classes whose live heap grew most since {@code before}
   * (from {@link #histogram}), in bytes per name per node: where a heap-per-name figure goes.
   */
  private static void printHistogramGrowth(Map<String, long[]> before, long names) {
    int top = Integer.getInteger("bench.histogram", 0);
    if (top <= 0) {
      return;
    }
    Map<String, long[]> after = histogram();
    System.out.printf(Locale.ROOT, "  the %d classes whose live heap grew most: bytes and instances per name per node%n", top);
    after.entrySet().stream()
        .map(e -> {
          long[] was = before.getOrDefault(e.getKey(), new long[2]);
          return Map.entry(e.getKey(), new long[] {e.getValue()[0] - was[0], e.getValue()[1] - was[1]});
        })
        .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
        .limit(top)
        .forEach(e -> System.out.printf(Locale.ROOT, "  %8.1f B %6.2f  %s%n",
            e.getValue()[1] / (double) names / NODES, e.getValue()[0] / (double) names / NODES, e.getKey()));
  }

  // ---- reads ----

  interface Read {
    int read(int i);
  }

  /**
   * Reader threads call {@code read} in a loop for 5 iterations of 2 s after a 2 s warm-up; the rate
   * is the median iteration. Latency is timed per batch of 256 calls and divided by 256: a single
   * read is shorter than the clock's resolution.
   */
  private static void measureReads(String title, int threads, Read read) throws Exception {
    int iterations = 5;
    double[] rates = new double[iterations];
    int maxSamples = 200_000;
    double[][] samples = new double[threads][maxSamples];
    int[] sampleCount = new int[threads];
    for (int iteration = -1; iteration < iterations; iteration++) {
      long[] counts = new long[threads];
      long duration = 2_000_000_000L;
      List<Thread> readers = new ArrayList<>();
      int it = iteration;
      for (int t = 0; t < threads; t++) {
        int thread = t;
        readers.add(new Thread(() -> {
          long acc = 0;
          long ops = 0;
          int cursor = thread * 512;
          long start = System.nanoTime();
          long now = start;
          while (now - start < duration) {
            for (int k = 0; k < 256; k++) {
              acc += read.read(cursor++);
            }
            ops += 256;
            long after = System.nanoTime();
            if (it >= 0 && sampleCount[thread] < maxSamples) {
              samples[thread][sampleCount[thread]++] = (after - now) / 256.0;
            }
            now = after;
          }
          counts[thread] = ops;
          sink += acc;
        }));
      }
      readers.forEach(Thread::start);
      for (Thread reader : readers) {
        reader.join();
      }
      if (iteration >= 0) {
        long sum = 0;
        for (long count : counts) {
          sum += count;
        }
        rates[iteration] = sum / (duration / 1e9);
      }
    }
    int total = 0;
    for (int count : sampleCount) {
      total += count;
    }
    double[] all = new double[total];
    int offset = 0;
    for (int t = 0; t < threads; t++) {
      System.arraycopy(samples[t], 0, all, offset, sampleCount[t]);
      offset += sampleCount[t];
    }
    double median = LoadMath.median(rates);
    System.out.printf(Locale.ROOT, "read %-26s %d thread(s): %s total, %s per thread; latency %s%n",
        title, threads, LoadMath.rate(median), LoadMath.rate(median / threads), LoadMath.percentilesNs(all, total));
  }

  // ---- propagation ----

  /** A dedicated thread that polls a condition in a tight loop and notes when it became true. */
  private static final class Spinner extends Thread {
    private volatile java.util.function.BooleanSupplier condition;
    private volatile long seenAt;

    Spinner() {
      super("propagation-spinner");
      setDaemon(true);
    }

    void watch(java.util.function.BooleanSupplier condition) {
      seenAt = 0;
      this.condition = condition;
    }

    long awaitSeen() {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (seenAt == 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("not visible on node 2 within 30 s");
        }
        LoadMath.pause(1);
      }
      return seenAt;
    }

    @Override
    public void run() {
      while (!isInterrupted()) {
        java.util.function.BooleanSupplier current = condition;
        if (current != null && current.getAsBoolean()) {
          condition = null;
          seenAt = System.nanoTime();
        } else {
          Thread.onSpinWait();
        }
      }
    }
  }

  private static void expect(Outcome outcome, Class<? extends Outcome> expected) {
    if (!expected.isInstance(outcome)) {
      throw new IllegalStateException("expected " + expected.getSimpleName() + ", got " + outcome);
    }
  }
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.bench.cluster;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The cluster backend measured as users run it: one JVM per node ({@link NodeHost}), started,
 * driven and killed by this process, which holds no node. Registrations and joins are made inside
 * the nodes through the public API (it is an in-process API, as an application's callers would
 * use it); this process only sends commands and adds up. CPU is read from
 * {@code /proc/<pid>/stat} of every node JVM, so the driver's own work is never counted.
 *
 * <p>Sections ({@code ./benchmarks-processes [section ...]}, default {@code compare crash}):
 * <ul>
 *   <li>{@code compare}: for 3 and 5 nodes ({@code -Dbench.nodes}), the same figures with one JVM
 *       per node and then with all nodes in one JVM, side by side with their ratio: registrations
 *       from node 0 and from all nodes, group joins likewise, propagation of a registration and of
 *       an owner's stop from node 0 to the last node.</li>
 *   <li>{@code register}: only the registration bursts of {@code compare}, 3 node JVMs (for a
 *       profile of the write path with {@code -Dbench.node-opts}).</li>
 *   <li>{@code floor}: the bursts of {@code register}, each right after as many rounds of
 *       {@link FloorNode} in the same 3 node JVMs: the messages a registration makes (proposal
 *       to the peers, their votes, the commit, batched as the registry batches) with trivial
 *       actors and 8-byte entries; then, per burst, both and the registry's own part.</li>
 *   <li>{@code crash}: 3 node JVMs; {@code -Dbench.kills} (10) times, the last node registers
 *       1,000 names and is killed with SIGKILL; the time until its names are hidden on every
 *       other node, and until every other node removed it from the cluster (the registry prunes
 *       its entries then); a new JVM then takes its place.</li>
 *   <li>{@code scale}: 3, 5, 7 and 9 nodes ({@code -Dbench.scale.nodes}) in one JVM, or one JVM
 *       per node with {@code -Dbench.scale.processes=true} (on 2 cores a node JVM takes up to 30 s
 *       to start under load): registrations from all nodes (the second of two bursts: warm),
 *       CPU per registration per node (all nodes' CPU over the node count), and propagation
 *       p99 to the last node.</li>
 * </ul>
 * Every node JVM gets the JDK's default collector (G1) and {@code -Xmx} of {@code -Dbench.heap}
 * (1g); the one JVM holding all nodes gets that heap times the node count. Throughput sections
 * run the failure detector with an acceptable heartbeat pause of {@code -Dbench.heartbeat-pause}
 * (20s); the crash section with the shipped settings. {@code -Dbench.node-opts} adds options to
 * every node JVM, e.g. {@code -XX:StartFlightRecording=settings=profile,filename=/tmp/jfr/} (the
 * recordings are written when the benchmark ends a cluster). Sizes:
 * {@code -Dbench.names} (100,000 per write run), {@code -Dbench.bursts} (2 registration bursts of
 * each kind, the first in freshly started JVMs, the later ones warm), {@code -Dbench.inflight} (4,096 calls open per
 * producing node), {@code -Dbench.samples} (300 propagation samples).
 */
public final class ProcessBenchmark {

  private static final int NAMES = Integer.getInteger("bench.names", 100_000);
  private static final int INFLIGHT = Integer.getInteger("bench.inflight", 4096);
  private static final int BURSTS = Integer.getInteger("bench.bursts", 2);
  private static final int SAMPLES = Integer.getInteger("bench.samples", 300);
  private static final String HEAP = System.getProperty("bench.heap", "1g");
  private static final String THROUGHPUT_HEARTBEAT_PAUSE = System.getProperty("bench.heartbeat-pause", "20s");
  private static final boolean SCALE_IN_PROCESSES = Boolean.getBoolean("bench.scale.processes");
  private static final long TICK_NANOS = 1_000_000_000L / 100;

  /** Figure name to value, in the order measured, per cluster layout: printed side by side. */
  private final Map<String, Double> figures = new LinkedHashMap<>();

  private ProcessBenchmark() {}

  public static void main(String[] args) {
    List<String> sections = args.length == 0 ? List.of("compare", "crash") : List.of(args);
    System.out.printf(Locale.ROOT, "# process benchmark: %d cores, JDK %s, node JVMs -Xmx%s (default collector), load average %.2f%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), HEAP, loadAverage());
    for (String section : sections) {
      switch (section) {
        case "compare" -> {
          for (String n : System.getProperty("bench.nodes", "3,5").split(",")) {
            compare(Integer.parseInt(n.trim()));
          }
        }
        case "register" -> {
          try (BenchNodes nodes = BenchNodes.processes(3, jvmOptions(1, false))) {
            new ProcessBenchmark().registrations(nodes);
            System.out.println("failure detector while measuring: " + nodes.failureDetectorNoise());
          }
        }
        case "floor" -> {
          try (BenchNodes nodes = BenchNodes.processes(3, jvmOptions(1, false))) {
            new ProcessBenchmark().registrationsAndFloor(nodes);
            System.out.println("failure detector while measuring: " + nodes.failureDetectorNoise());
          }
        }
        case "crash" -> crash(3, Integer.getInteger("bench.kills", 10));
        case "scale" -> scale(Arrays.stream(System.getProperty("bench.scale.nodes", "3,5,7,9").split(","))
            .mapToInt(n -> Integer.parseInt(n.trim())).toArray());
        default -> throw new IllegalArgumentException("unknown section " + section + " (compare, register, floor, crash, scale)");
      }
    }
    System.out.printf(Locale.ROOT, "# done, load average %.2f%n", loadAverage());
    System.exit(0);
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /**
   * The node JVMs' options: the heap, and for throughput runs a failure detector that tolerates
   * {@code THROUGHPUT_HEARTBEAT_PAUSE}: with the shipped 1.5 s, a saturated 2-core machine got live
   * nodes marked unreachable and downed in the middle of a burst (and a benchmark is not a
   * failure test). The crash section keeps the shipped settings.
   */
  private static List<String> jvmOptions(int nodesInJvm, boolean shippedFailureDetector) {
    String heap = HEAP.replaceAll("[^0-9]", "");
    String unit = HEAP.replaceAll("[0-9]", "");
    List<String> options = new ArrayList<>(List.of("-Xmx" + Long.parseLong(heap) * nodesInJvm + unit));
    String extra = System.getProperty("bench.node-opts", "").trim();
    if (!extra.isEmpty()) {
      options.addAll(List.of(extra.split("\\s+")));
    }
    if (!shippedFailureDetector) {
      options.add("-Dbench.heartbeat-pause=" + THROUGHPUT_HEARTBEAT_PAUSE);
    }
    return options;
  }

  // ---- compare ----

  private static void compare(int n) {
    System.out.printf(Locale.ROOT, "%n## %d nodes, one JVM per node%n", n);
    ProcessBenchmark separate = new ProcessBenchmark();
    try (BenchNodes nodes = BenchNodes.processes(n, jvmOptions(1, false))) {
      separate.writesAndPropagation(nodes);
    }
    System.out.printf(Locale.ROOT, "%n## %d nodes in one JVM%n", n);
    ProcessBenchmark shared = new ProcessBenchmark();
    try (BenchNodes nodes = BenchNodes.oneJvm(n, jvmOptions(n, false))) {
      shared.writesAndPropagation(nodes);
    }
    System.out.printf(Locale.ROOT, "%n## %d nodes: one JVM per node / all in one JVM (load average %.2f)%n", n, loadAverage());
    System.out.printf(Locale.ROOT, "%-52s %14s %14s %7s%n", "figure", "JVM per node", "one JVM", "ratio");
    separate.figures.forEach((figure, value) -> {
      double other = shared.figures.getOrDefault(figure, Double.NaN);
      System.out.printf(Locale.ROOT, "%-52s %14.1f %14.1f %7.2f%n", figure, value, other, value / other);
    });
  }

  private void writesAndPropagation(BenchNodes nodes) {
    int n = nodes.size();
    registrations(nodes);
    write(nodes, "join from node 0", "join", "ga-", new int[] {0});
    write(nodes, "join from all nodes", "join", "gb-", allNodes(nodes));
    propagation(nodes, n - 1, SAMPLES);
    stops(nodes, n - 1, Math.max(50, SAMPLES / 2));
    System.out.println("failure detector while measuring: " + nodes.failureDetectorNoise());
  }

  private static int[] allNodes(BenchNodes nodes) {
    int[] all = new int[nodes.size()];
    Arrays.setAll(all, i -> i);
    return all;
  }

  /** {@code BURSTS} bursts of registrations from node 0, then as many from all nodes. */
  private void registrations(BenchNodes nodes) {
    int[] all = allNodes(nodes);
    for (int burst = 1; burst <= BURSTS; burst++) {
      write(nodes, "register from node 0, burst " + burst, "register", "a" + burst + "-", new int[] {0});
    }
    for (int burst = 1; burst <= BURSTS; burst++) {
      write(nodes, "register from all nodes, burst " + burst, "register", "b" + burst + "-", all);
    }
  }

  /**
   * The {@code register} section's bursts, each right after a burst of as many {@link FloorNode}
   * rounds (the same messages between the same node JVMs with none of the registry's work), then
   * a table: each burst's figures for both and the registry's own part (register - floor).
   */
  private void registrationsAndFloor(BenchNodes nodes) {
    int[] all = allNodes(nodes);
    List<String> rows = new ArrayList<>();
    for (boolean fromAll : new boolean[] {false, true}) {
      for (int burst = 1; burst <= BURSTS; burst++) {
        String what = "from " + (fromAll ? "all nodes" : "node 0") + ", burst " + burst;
        int[] producers = fromAll ? all : new int[] {0};
        write(nodes, "floor " + what, "floor", "", producers);
        write(nodes, "register " + what, "register", (fromAll ? "b" : "a") + burst + "-", producers);
        rows.add(String.format(Locale.ROOT, "%-28s %7.1f %7.1f %8.1f %8.1f %8.1f %7.1f %7.1f %7.1f %6.2f", what,
            figures.get("floor " + what + ", K/s"), figures.get("register " + what + ", K/s"),
            figures.get("floor " + what + ", us CPU per op"), figures.get("register " + what + ", us CPU per op"),
            figures.get("register " + what + ", us CPU per op") - figures.get("floor " + what + ", us CPU per op"),
            figures.get("floor " + what + ", KB allocated per op"), figures.get("register " + what + ", KB allocated per op"),
            figures.get("register " + what + ", KB allocated per op") - figures.get("floor " + what + ", KB allocated per op"),
            loadAverage()));
      }
    }
    System.out.printf(Locale.ROOT, "%n%-28s %7s %7s %8s %8s %8s %7s %7s %7s %6s%n", "3 node JVMs", "floor", "regist.",
        "floor", "regist.", "registry", "floor", "regist.", "registry", "load");
    System.out.printf(Locale.ROOT, "%-28s %7s %7s %8s %8s %8s %7s %7s %7s %6s%n", "", "K/s", "K/s", "us CPU", "us CPU", "own us",
        "KB", "KB", "own KB", "");
    rows.forEach(System.out::println);
  }

  /** {@code NAMES} pipelined calls spread over {@code producers}; records rate, CPU per op and latency. */
  private void write(BenchNodes nodes, String title, String command, String prefix, int[] producers) {
    long[] pushed = nodes.pushed();
    long ticks = nodes.cpuTicks();
    long[] perJvm = nodes.cpuTicksPerJvm();
    long allocated = Arrays.stream(nodes.allocatedPerJvm()).sum();
    List<CompletableFuture<String[]>> runs = new ArrayList<>();
    for (int k = 0; k < producers.length; k++) {
      runs.add(nodes.send(producers[k], command, prefix, k, producers.length, NAMES, INFLIGHT));
    }
    long start = Long.MAX_VALUE;
    long end = 0;
    long unexpected = 0;
    long p50 = 0;
    long p99 = 0;
    String firstUnexpected = "";
    for (CompletableFuture<String[]> run : runs) {
      String[] r = run.join();
      if (r.length > 6 && firstUnexpected.isEmpty()) {
        firstUnexpected = " (first: " + String.join(" ", Arrays.asList(r).subList(6, r.length)) + ")";
      }
      start = Math.min(start, Long.parseLong(r[0]));
      end = Math.max(end, Long.parseLong(r[1]));
      unexpected += Long.parseLong(r[3]);
      p50 = Math.max(p50, Long.parseLong(r[4]));
      p99 = Math.max(p99, Long.parseLong(r[5]));
    }
    double cpuMicros = (nodes.cpuTicks() - ticks) * (double) TICK_NANOS / 1e3 / NAMES;
    double allocatedKb = (Arrays.stream(nodes.allocatedPerJvm()).sum() - allocated) / 1024.0 / NAMES;
    long[] perJvmAfter = nodes.cpuTicksPerJvm();
    double rate = NAMES / ((end - start) / 1e9);
    StringBuilder split = new StringBuilder();
    for (int j = 0; j < perJvm.length && perJvm.length > 1; j++) {
      split.append(j == 0 ? "; per node " : " / ").append(String.format(Locale.ROOT, "%.1f",
          (perJvmAfter[j] - perJvm[j]) * (double) TICK_NANOS / 1e3 / NAMES));
    }
    long[] pushedAfter = nodes.pushed();
    int counter = command.equals("floor") ? 2 : 0;
    long batches = pushedAfter[counter] - pushed[counter];
    String batchSizes = command.equals("join") ? "" : String.format(Locale.ROOT, "; %,d batches pushed, %.1f ops each",
        batches, (pushedAfter[counter + 1] - pushed[counter + 1]) / (double) Math.max(1, batches));
    System.out.printf(Locale.ROOT, "%s: %,d in %.2f s = %s; latency p50 %s / p99 %s ms (slowest producer); unexpected %d%s; CPU %.1f us per op over all nodes%s; allocated %.1f KB per op over all nodes%s; load %.2f%n",
        title, NAMES, (end - start) / 1e9, LoadMath.rate(rate), LoadMath.ms(p50), LoadMath.ms(p99), unexpected, firstUnexpected, cpuMicros, split,
        allocatedKb, batchSizes, loadAverage());
    figures.put(title + ", K/s", rate / 1e3);
    figures.put(title + ", us CPU per op", cpuMicros);
    figures.put(title + ", KB allocated per op", allocatedKb);
    if (!command.equals("floor")) {
      awaitEverywhere(nodes, command, prefix, NAMES - unexpected, end);
    }
  }

  /**
   * Waits until every node shows the names (or the memberships of the prefix's groups); prints when.
   * Counts with {@code whereis} per name: {@code list} would copy the whole table at every poll.
   */
  private static void awaitEverywhere(BenchNodes nodes, String command, String prefix, long expected, long lastReply) {
    long deadline = System.nanoTime() + 300_000_000_000L;
    for (int node = 0; node < nodes.size(); node++) {
      while (true) {
        long seen = Long.parseLong(command.equals("join") ? nodes.call(node, "count-members", prefix)[0]
            : nodes.call(node, "count-names", prefix, NAMES)[0]);
        if (seen >= expected) {
          break;
        }
        if (System.nanoTime() > deadline) {
          System.out.printf(Locale.ROOT, "  node %d shows only %,d after 300 s%n", node, seen);
          return;
        }
        LoadMath.pause(50);
      }
    }
    System.out.printf(Locale.ROOT, "  every node shows them %d ms after the last reply%n", (System.nanoTime() - lastReply) / 1_000_000);
  }

  /** {@code Registered} on node 0 to the name visible on {@code watcher}; the first 50 warm up. */
  private void propagation(BenchNodes nodes, int watcher, int samples) {
    long[] delays = new long[samples];
    int early = 0;
    for (int i = 0; i < samples + 50; i++) {
      String name = "prop-" + i;
      nodes.call(watcher, "watch-present", "p", name);
      long replied = Long.parseLong(nodes.call(0, "register-one", name)[0]);
      long seen = Long.parseLong(nodes.call(watcher, "seen", "p", 30_000)[0]);
      if (i >= 50) {
        early += seen < replied ? 1 : 0;
        delays[i - 50] = Math.max(0, seen - replied);
      }
    }
    Arrays.sort(delays);
    System.out.printf(Locale.ROOT, "propagation: Registered on node 0 -> visible on node %d: %s (%d seen before the reply, counted as 0)%n",
        watcher, LoadMath.percentilesMs(delays, samples), early);
    figures.put("propagation p50, ms", LoadMath.at(delays, 50) / 1e6);
    figures.put("propagation p99, ms", LoadMath.at(delays, 99) / 1e6);
  }

  /** An owner stopped on node 0 to its name and membership gone on {@code watcher}. */
  private void stops(BenchNodes nodes, int watcher, int samples) {
    long[] delays = new long[samples];
    for (int i = 0; i < samples + 20; i++) {
      String name = "stop-" + i;
      nodes.call(0, "victim", name, "bench.stop-group");
      nodes.call(watcher, "watch-present-member", "s", name, "bench.stop-group");
      nodes.call(watcher, "seen", "s", 30_000);
      nodes.call(watcher, "watch-gone-member", "s", name, "bench.stop-group");
      long stopped = Long.parseLong(nodes.call(0, "stop", name)[0]);
      long gone = Long.parseLong(nodes.call(watcher, "seen", "s", 30_000)[0]);
      if (i >= 20) {
        delays[i - 20] = gone - stopped;
      }
    }
    Arrays.sort(delays);
    System.out.printf(Locale.ROOT, "actor stopped on node 0 -> name and membership gone on node %d: %s%n",
        watcher, LoadMath.percentilesMs(delays, samples));
    figures.put("death -> gone p50, ms", LoadMath.at(delays, 50) / 1e6);
    figures.put("death -> gone p99, ms", LoadMath.at(delays, 99) / 1e6);
  }

  // ---- crash ----

  private static void crash(int n, int kills) {
    System.out.printf(Locale.ROOT, "%n## crash: kill -9 of the last of %d node JVMs owning 1,000 names, %d times%n", n, kills);
    int victim = n - 1;
    int names = 1000;
    long[] hidden = new long[kills];
    long[] removed = new long[kills];
    try (BenchNodes nodes = BenchNodes.processes(n, jvmOptions(1, true))) {
      for (int k = 0; k < kills; k++) {
        String prefix = "crash-" + k + "-";
        String[] r = nodes.call(victim, "register", prefix, 0, 1, names, INFLIGHT);
        if (Long.parseLong(r[3]) != 0) {
          throw new IllegalStateException(r[3] + " of the victim's registrations failed");
        }
        String address = nodes.address(victim);
        for (int node = 0; node < victim; node++) {
          nodes.call(node, "watch-present", "c", prefix + (names - 1));
          nodes.call(node, "seen", "c", 60_000);
          nodes.call(node, "watch-hidden", "hidden", prefix, names);
          nodes.call(node, "watch-removed", "removed", address);
        }
        long killed = System.nanoTime();
        nodes.kill(victim);
        for (int node = 0; node < victim; node++) {
          hidden[k] = Math.max(hidden[k], Long.parseLong(nodes.call(node, "seen", "hidden", 120_000)[0]) - killed);
          removed[k] = Math.max(removed[k], Long.parseLong(nodes.call(node, "seen", "removed", 120_000)[0]) - killed);
        }
        System.out.printf(Locale.ROOT, "  kill %d: names hidden on every other node after %s ms, node removed everywhere after %s ms (load %.2f)%n",
            k + 1, LoadMath.ms(hidden[k]), LoadMath.ms(removed[k]), loadAverage());
        nodes.replace(victim);
      }
    }
    Arrays.sort(hidden);
    Arrays.sort(removed);
    System.out.printf(Locale.ROOT, "crash: names hidden on every other node: %s%n", LoadMath.percentilesMs(hidden, kills));
    System.out.printf(Locale.ROOT, "crash: node removed (names pruned) on every other node: %s%n", LoadMath.percentilesMs(removed, kills));
  }

  // ---- scale ----

  private static void scale(int[] sizes) {
    System.out.printf(Locale.ROOT, "%n## scale: %s, two bursts of %,d registrations from all nodes; the table gives the second%n",
        SCALE_IN_PROCESSES ? "one JVM per node" : "all nodes in one JVM", NAMES);
    List<String> rows = new ArrayList<>();
    for (int n : sizes) {
      ProcessBenchmark run = new ProcessBenchmark();
      try (BenchNodes nodes = SCALE_IN_PROCESSES ? BenchNodes.processes(n, jvmOptions(1, false)) : BenchNodes.oneJvm(n, jvmOptions(n, false))) {
        run.write(nodes, "register from all nodes, first burst", "register", "s1-", allNodes(nodes));
        run.write(nodes, "register from all nodes", "register", "s2-", allNodes(nodes));
        run.propagation(nodes, n - 1, SAMPLES);
        System.out.println("failure detector while measuring: " + nodes.failureDetectorNoise());
      }
      double cpu = run.figures.get("register from all nodes, us CPU per op");
      rows.add(String.format(Locale.ROOT, "%5d %12.1f %16.1f %16.1f %12.2f %8.2f", n, run.figures.get("register from all nodes, K/s"),
          cpu, cpu / n, run.figures.get("propagation p99, ms"), loadAverage()));
    }
    System.out.printf(Locale.ROOT, "%nnodes  registr. K/s  us CPU per reg.  per reg. per node  prop. p99 ms  load%n");
    rows.forEach(System.out::println);
  }
}

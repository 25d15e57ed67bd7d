/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The failover-time driver (a measurement, never a test): one client node that hosts nothing and
 * {@code --hosts} nodes that may host the calculator, all {@link McpNode} processes on loopback.
 * A client session on the client node calls {@code where} every {@code --interval-ms}; the
 * driver kills the calculator's node with SIGKILL, records the time from the kill to the first
 * answer from another node and the calls that failed meanwhile, starts a replacement node, and
 * does it again {@code --kills} times. Prints each kill and the p50/max at the end.
 *
 * <p>Next to what the client sees, it times what bounds a failover, from the nodes' own log
 * lines as they arrive: the victim marked unreachable (failure detector), the Split Brain
 * Resolver's decision to down it (on the leader, after {@code stable-after}), and its removal
 * (the survivors quarantine a removed node's address). Sharding places the server elsewhere only
 * after the removal plus its removal margin ({@code stable-after} again), so the first answer is
 * compared with "downed + 1 s".
 *
 * <pre>
 * mvn -B -ntp -q -pl examples -am test-compile exec:exec -Dmaven.test.skip=true \
 *   -Dexample.main=org.pekkomcp.examples.FailoverDriver -Dexample.args="--kills 10 --jvm -Dsome.setting=value"
 * </pre>
 * Each {@code --jvm OPTION} is passed to every node's JVM (for example a Pekko setting as a
 * system property). Each node's output goes to {@code examples/target/failover-driver/<node>.log}.
 */
public final class FailoverDriver {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** A line of some node's output, and when the driver read it. */
  private record Line(Instant at, String text) {}

  /**
   * How long after the kill the nodes' logs showed each step of taking the victim out of the
   * cluster; empty where no node logged it.
   */
  private record Downing(Optional<Duration> unreachable, Optional<Duration> downed, Optional<Duration> removed) {

    static Downing of(List<Line> lines, Instant killed, String victim) {
      return new Downing(
          after(lines, killed, "Marking node as UNREACHABLE [Member(" + victim + ","),
          after(lines, killed, "SBR took decision", "downing [" + victim + "]"),
          after(lines, killed, "Association to [" + victim + "]", "quarantined"));
    }

    private static Optional<Duration> after(List<Line> lines, Instant killed, String... parts) {
      return lines.stream()
          .filter(l -> !l.at().isBefore(killed) && Stream.of(parts).allMatch(l.text()::contains))
          .findFirst()
          .map(l -> Duration.between(killed, l.at()));
    }
  }

  /** One kill: what the client saw, and what bounded it. */
  private record Kill(FailoverProbe.Failover failover, Downing downing) {

    /** From the resolver's decision to the first answer from the new node. */
    Optional<Duration> afterDowned() {
      return downing.downed().map(d -> failover.firstAnswer().minus(d));
    }

    /** From the removal to the first answer: Sharding's removal margin, the start and the registration. */
    Optional<Duration> afterRemoved() {
      return downing.removed().map(d -> failover.firstAnswer().minus(d));
    }
  }

  private FailoverDriver() {}

  private record Options(int kills, int hosts, Duration interval, List<String> jvm) {

    static Options parse(String... args) {
      int kills = 10;
      int hosts = 3;
      Duration interval = Duration.ofMillis(50);
      List<String> jvm = new ArrayList<>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        switch (args[i]) {
          case "--kills" -> kills = Integer.parseInt(args[i + 1]);
          case "--hosts" -> hosts = Integer.parseInt(args[i + 1]);
          case "--interval-ms" -> interval = Duration.ofMillis(Long.parseLong(args[i + 1]));
          case "--jvm" -> jvm.add(args[i + 1]);
          default -> throw new IllegalArgumentException("unknown option " + args[i]
              + "; options: --kills N --hosts N --interval-ms N --jvm OPTION");
        }
      }
      if (kills < 1 || hosts < 2) {
        throw new IllegalArgumentException("wants --kills >= 1 and --hosts >= 2");
      }
      return new Options(kills, hosts, interval, List.copyOf(jvm));
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    System.out.println("failover driver: " + options + "; load average " + loadAverage());
    List<NodeProcess> all = new ArrayList<>();
    List<Host> hosts = new ArrayList<>();
    List<Kill> results = new ArrayList<>();
    List<Line> lines = new CopyOnWriteArrayList<>();
    int exit = 1;
    try {
      NodeProcess client = NodeProcess.start("client", options.jvm(), log("client", lines), "--cluster-port", "0",
          "--http-port", "0", "--servers", "none");
      all.add(client);
      String joinAt = client.awaitJoinAddress();
      String endpoint = client.awaitEndpoint();
      client.awaitReady();
      for (int i = 1; i <= options.hosts(); i++) {
        hosts.add(startHost(options, joinAt, "host" + i, all, lines));
      }
      int next = options.hosts() + 1;
      try (StreamableHttpClient session = StreamableHttpClient.connect(endpoint + "/" + CalculatorServer.NAME, line -> {})) {
        for (int kill = 1; kill <= options.kills(); kill++) {
          String home = awaitHome(session);
          Host victim = hosts.stream().filter(h -> h.address().equals(home)).findFirst()
              .orElseThrow(() -> new IllegalStateException("the calculator runs on " + home + ", not on a host node"));
          Instant killed = Instant.now();
          Optional<FailoverProbe.Failover> failover =
              FailoverProbe.run(session, victim.process(), home, options.interval(), PATIENCE, line -> {});
          if (failover.isEmpty()) {
            System.out.println("kill " + kill + ": the calculator did not answer from another node within " + PATIENCE);
            return;
          }
          FailoverProbe.Failover f = failover.get();
          // The removal is logged a moment after the first answer at times: wait for it a little.
          awaitLine(lines, killed, "Association to [" + home + "]");
          Kill k = new Kill(f, Downing.of(lines, killed, home));
          results.add(k);
          System.out.printf("kill %2d: unreachable %s, downed %s, removed %s; first call failed after %.2f s, "
                  + "first answer from the new node after %.2f s (downed + %s), %d call(s) failed; load %s%n",
              kill, format(k.downing().unreachable()), format(k.downing().downed()), format(k.downing().removed()),
              seconds(f.firstError()), seconds(f.firstAnswer()), format(k.afterDowned()), f.failedCalls(), loadAverage());
          hosts.remove(victim);
          if (kill < options.kills()) {
            hosts.add(startHost(options, joinAt, "host" + next++, all, lines));
          }
        }
      }
      summarize(results);
      exit = 0;
    } catch (Exception | AssertionError e) {
      System.out.println("failover driver failed after " + results.size() + " kill(s): " + e);
      if (!results.isEmpty()) {
        summarize(results);
      }
    } finally {
      for (int i = all.size() - 1; i >= 0; i--) {
        all.get(i).kill();
      }
      System.exit(exit);
    }
  }

  /** A node that may host the calculator, and its cluster address. */
  private record Host(NodeProcess process, String address) {}

  /**
   * Starts a node that may host the calculator. On a loaded machine a joining node is sometimes
   * downed before it is ready (late heartbeats); that is tried again, twice, and reported.
   */
  private static Host startHost(Options options, String joinAt, String label, List<NodeProcess> all, List<Line> lines)
      throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      String name = attempt == 1 ? label : label + "-attempt" + attempt;
      NodeProcess host = NodeProcess.start(name, options.jvm(), log(name, lines), "--join", joinAt, "--http-port", "0",
          "--servers", CalculatorServer.NAME);
      all.add(host);
      try {
        String address = host.awaitAddress();
        host.awaitReady();
        return new Host(host, address);
      } catch (IllegalStateException e) {
        host.kill();
        if (attempt == 3) {
          throw e;
        }
        System.out.println("  " + name + " did not start (" + e.getMessage() + "); starting another");
      }
    }
  }

  /** Appends a node's output to {@code target/failover-driver/<label>.log}, and to {@code lines} with the time it came. */
  private static Consumer<String> log(String label, List<Line> lines) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "failover-driver"));
    PrintWriter out = new PrintWriter(Files.newBufferedWriter(dir.resolve(label + ".log")), true);
    return line -> {
      lines.add(new Line(Instant.now(), line));
      out.println(line);
    };
  }

  /** Waits up to 5 s for a line since {@code from} that contains {@code text}. */
  private static void awaitLine(List<Line> lines, Instant from, String text) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(5);
    while (Instant.now().isBefore(deadline)
        && lines.stream().noneMatch(l -> !l.at().isBefore(from) && l.text().contains(text))) {
      Thread.sleep(100);
    }
  }

  /** Where the calculator answers from, once it answers. */
  private static String awaitHome(StreamableHttpClient session) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      Optional<String> home = FailoverProbe.home(FailoverProbe.where(session));
      if (home.isPresent()) {
        return home.get();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the calculator did not answer within " + PATIENCE);
  }

  private static void summarize(List<Kill> results) {
    List<FailoverProbe.Failover> failovers = results.stream().map(Kill::failover).toList();
    List<Integer> failed = failovers.stream().map(FailoverProbe.Failover::failedCalls).sorted(Comparator.naturalOrder()).toList();
    System.out.printf("%d kills; load average %s%n", results.size(), loadAverage());
    System.out.println("  kill -> first answer from another node: " + spread(failovers.stream().map(FailoverProbe.Failover::firstAnswer)));
    System.out.println("  kill -> first failed call: " + spread(failovers.stream().map(FailoverProbe.Failover::firstError)));
    System.out.println("  kill -> unreachable: " + spread(results.stream().flatMap(k -> k.downing().unreachable().stream())));
    System.out.println("  kill -> downed (resolver's decision): " + spread(results.stream().flatMap(k -> k.downing().downed().stream())));
    System.out.println("  kill -> removed (quarantined): " + spread(results.stream().flatMap(k -> k.downing().removed().stream())));
    System.out.println("  downed -> first answer: " + spread(results.stream().flatMap(k -> k.afterDowned().stream())));
    System.out.println("  removed -> first answer: " + spread(results.stream().flatMap(k -> k.afterRemoved().stream())));
    System.out.printf("  failed calls per kill: p50 %d, max %d, min %d%n",
        failed.get((failed.size() - 1) / 2), failed.get(failed.size() - 1), failed.get(0));
  }

  /** "p50 x s, max y s, min z s (n)" of {@code durations}; the p50 of an even count is the lower median. */
  private static String spread(Stream<Duration> durations) {
    List<Duration> sorted = durations.sorted().toList();
    if (sorted.isEmpty()) {
      return "not seen";
    }
    return String.format("p50 %.2f s, max %.2f s, min %.2f s (%d)", seconds(sorted.get((sorted.size() - 1) / 2)),
        seconds(sorted.get(sorted.size() - 1)), seconds(sorted.get(0)), sorted.size());
  }

  private static String format(Optional<Duration> d) {
    return d.map(x -> String.format("%.2f s", seconds(x))).orElse("not seen");
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }
}

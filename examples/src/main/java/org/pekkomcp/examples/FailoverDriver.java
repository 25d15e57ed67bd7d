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
import java.util.function.Consumer;

/**
 * The failover-time driver (a measurement, never a test): one client node that hosts nothing and
 * {@code --hosts} nodes that may host the calculator, all {@link McpNode} processes on loopback.
 * A client session on the client node calls {@code where} every {@code --interval-ms}; the
 * driver kills the calculator's node with SIGKILL, records the time from the kill to the first
 * answer from another node and the calls that failed meanwhile, starts a replacement node, and
 * does it again {@code --kills} times. Prints each kill and the p50/max at the end.
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
    List<FailoverProbe.Failover> results = new ArrayList<>();
    int exit = 1;
    try {
      NodeProcess client = NodeProcess.start("client", options.jvm(), log("client"), "--cluster-port", "0", "--http-port", "0",
          "--servers", "none");
      all.add(client);
      String joinAt = client.awaitJoinAddress();
      String endpoint = client.awaitEndpoint();
      client.awaitReady();
      for (int i = 1; i <= options.hosts(); i++) {
        hosts.add(startHost(options, joinAt, "host" + i, all));
      }
      int next = options.hosts() + 1;
      try (StreamableHttpClient session = StreamableHttpClient.connect(endpoint + "/" + CalculatorServer.NAME, line -> {})) {
        for (int kill = 1; kill <= options.kills(); kill++) {
          String home = awaitHome(session);
          Host victim = hosts.stream().filter(h -> h.address().equals(home)).findFirst()
              .orElseThrow(() -> new IllegalStateException("the calculator runs on " + home + ", not on a host node"));
          Optional<FailoverProbe.Failover> failover =
              FailoverProbe.run(session, victim.process(), home, options.interval(), PATIENCE, line -> {});
          if (failover.isEmpty()) {
            System.out.println("kill " + kill + ": the calculator did not answer from another node within " + PATIENCE);
            return;
          }
          FailoverProbe.Failover f = failover.get();
          results.add(f);
          System.out.printf("kill %2d: first call failed after %.2f s, first answer from the new node after %.2f s, "
              + "%d call(s) failed; load %s%n", kill, seconds(f.firstError()), seconds(f.firstAnswer()), f.failedCalls(), loadAverage());
          hosts.remove(victim);
          if (kill < options.kills()) {
            hosts.add(startHost(options, joinAt, "host" + next++, all));
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
  private static Host startHost(Options options, String joinAt, String label, List<NodeProcess> all)
      throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      String name = attempt == 1 ? label : label + "-attempt" + attempt;
      NodeProcess host = NodeProcess.start(name, options.jvm(), log(name), "--join", joinAt, "--http-port", "0",
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

  /** Appends a node's output to {@code target/failover-driver/<label>.log}. */
  private static Consumer<String> log(String label) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "failover-driver"));
    PrintWriter out = new PrintWriter(Files.newBufferedWriter(dir.resolve(label + ".log")), true);
    return out::println;
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

  private static void summarize(List<FailoverProbe.Failover> results) {
    List<Duration> times = results.stream().map(FailoverProbe.Failover::firstAnswer).sorted().toList();
    List<Duration> moves = results.stream().map(f -> f.firstAnswer().minus(f.firstError())).sorted().toList();
    List<Integer> failed = results.stream().map(FailoverProbe.Failover::failedCalls).sorted(Comparator.naturalOrder()).toList();
    System.out.printf("%d kills: kill -> first answer from another node p50 %.2f s, max %.2f s (min %.2f s); "
            + "failed calls per kill p50 %d, max %d (min %d); load average %s%n",
        results.size(), seconds(times.get((times.size() - 1) / 2)), seconds(times.get(times.size() - 1)), seconds(times.get(0)),
        failed.get((failed.size() - 1) / 2), failed.get(failed.size() - 1), failed.get(0), loadAverage());
    System.out.printf("first failed call (the node's removal) -> first answer: p50 %.2f s, max %.2f s%n",
        seconds(moves.get((moves.size() - 1) / 2)), seconds(moves.get(moves.size() - 1)));
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

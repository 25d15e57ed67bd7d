package org.pekkomcp.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three-node demo behind {@code ./demo-cluster}: starts three {@link McpNode} processes on
 * loopback (node 1 hosts nothing; node 3 may host {@code calculator}; node 2 may host
 * {@code notes} and {@code calculator}), connects an MCP client to node 1's endpoint and calls
 * the calculator, which Cluster Sharding started on node 3. Then it kills node 3 ({@code kill -9})
 * while the client keeps calling, and shows the calculator answering from node 2 in the same
 * session; it reads a note from node 2 and stops the nodes.
 *
 * <p>Every port is picked by the OS (port 0); the demo learns them from the lines each node
 * prints, so it never collides with anything else on the machine. Each node's output is shown
 * with its name in front. Exits 0 when the calculator answered from node 3 and, after the kill,
 * from node 2; 1 otherwise.
 */
public final class ClusterDemo {

  private static final Duration STARTUP = Duration.ofSeconds(90);
  private static final Duration FAILOVER_PATIENCE = Duration.ofSeconds(60);
  private static final Duration CALL_INTERVAL = Duration.ofMillis(200);
  private static final String WHERE_CALL = "{\"name\":\"where\",\"arguments\":{}}";
  private static final Pattern WHERE = Pattern.compile("calculator runs on (pekko://[^\\s\"]+)");
  private static final Pattern ERROR_MESSAGE = Pattern.compile("\"message\":\"([^\"]*)\"");
  private static final Pattern NODE_LINE = Pattern.compile("^node (pekko://\\S+@(\\S+)) ");
  private static final Pattern ENDPOINT_LINE = Pattern.compile("^MCP endpoint (http://\\S+)/<server name>");

  private ClusterDemo() {}

  /** One node process and the lines it printed, kept for the demo to wait on. */
  private record Node(String label, Process process, BlockingQueue<String> lines) {

    static Node start(String label, String... args) throws IOException {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), McpNode.class.getName()));
      command.addAll(List.of(args));
      System.out.println("$ McpNode " + String.join(" ", args) + "    # " + label);
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      Node node = new Node(label, process, new LinkedBlockingQueue<>());
      Thread pump = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            System.out.println("  [" + label + "] " + line);
            node.lines().add(line);
          }
        } catch (IOException e) {
          node.lines().add("output ended: " + e.getMessage());
        }
      }, label + "-output");
      pump.setDaemon(true);
      pump.start();
      return node;
    }

    /** The first line from now on that matches, waiting up to the start-up patience. */
    String await(Predicate<String> wanted, String what) throws InterruptedException {
      Instant deadline = Instant.now().plus(STARTUP);
      while (Instant.now().isBefore(deadline)) {
        String line = lines.poll(200, TimeUnit.MILLISECONDS);
        if (line != null && wanted.test(line)) {
          return line;
        }
        if (line == null && !process.isAlive()) {
          throw new IllegalStateException(label + " exited with " + process.exitValue() + " before " + what);
        }
      }
      throw new IllegalStateException(label + ": no " + what + " within " + STARTUP);
    }

    Matcher awaitMatch(Pattern pattern, String what) throws InterruptedException {
      Matcher m = pattern.matcher(await(l -> pattern.matcher(l).find(), what));
      m.find();
      return m;
    }

    /** SIGKILL: the JVM vanishes without leaving the cluster, as in a crash. */
    void kill() throws InterruptedException {
      process.destroyForcibly().waitFor();
    }

    void stop() throws InterruptedException {
      process.destroy(); // SIGTERM: the node leaves the cluster through Pekko's coordinated shutdown
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  public static void main(String[] args) throws Exception {
    List<Node> nodes = new ArrayList<>();
    boolean ok = false;
    try {
      System.out.println("== 1. Start node 1 alone: a one-node cluster on the cluster backend; it may host no server");
      Node node1 = Node.start("node1", "--cluster-port", "0", "--http-port", "0", "--servers", "none");
      nodes.add(node1);
      String joinAt = node1.awaitMatch(NODE_LINE, "node address").group(2);
      String endpoint = node1.awaitMatch(ENDPOINT_LINE, "HTTP endpoint").group(1);
      node1.await(l -> l.startsWith("ready"), "ready line");

      System.out.println();
      System.out.println("== 2. Node 3 joins; it may host the calculator, so Cluster Sharding starts the calculator there");
      Node node3 = Node.start("node3", "--join", joinAt, "--http-port", "0", "--servers", CalculatorServer.NAME);
      nodes.add(node3);
      String node3Address = node3.awaitMatch(NODE_LINE, "node address").group(1);
      node1.await(l -> l.contains("server " + CalculatorServer.NAME + " is up on " + node3Address),
          "sight of the calculator on node 3");

      System.out.println();
      System.out.println("== 3. Node 2 joins; it may host notes and the calculator (which stays where it runs)");
      Node node2 = Node.start("node2", "--join", joinAt, "--http-port", "0",
          "--servers", NotesServer.NAME + "," + CalculatorServer.NAME);
      nodes.add(node2);
      String node2Address = node2.awaitMatch(NODE_LINE, "node address").group(1);
      node1.await(l -> l.contains("server " + NotesServer.NAME + " is up on " + node2Address), "sight of notes on node 2");

      System.out.println();
      System.out.println("== 4. A client on node 1 (" + endpoint + ") calls the calculator, which runs on node 3");
      String whereBefore;
      try (StreamableHttpClient calculator = StreamableHttpClient.connect(endpoint + "/" + CalculatorServer.NAME, System.out::println)) {
        calculator.call("tools/list", "{}");
        calculator.call("tools/call", "{\"name\":\"add\",\"arguments\":{\"a\":2,\"b\":3}}");
        calculator.call("tools/call", "{\"name\":\"divide\",\"arguments\":{\"a\":1,\"b\":0}}");
        whereBefore = calculator.call("tools/call", "{\"name\":\"where\",\"arguments\":{}}");
      }

      System.out.println();
      System.out.println("== 5. kill -9 node 3 while a client on node 1 calls `where` every " + CALL_INTERVAL.toMillis()
          + " ms in one session (no reconnect)");
      boolean movedToNode2 = failover(endpoint, node3, node2Address);

      System.out.println();
      System.out.println("== 6. The same endpoint on node 1 serves the notes server of node 2");
      try (StreamableHttpClient notes = StreamableHttpClient.connect(endpoint + "/" + NotesServer.NAME, System.out::println)) {
        notes.call("tools/call", "{\"name\":\"add_note\",\"arguments\":{\"title\":\"From node 1\",\"text\":\"stored on node 2\"}}");
        notes.call("resources/read", "{\"uri\":\"" + NotesServer.INDEX + "\"}");
      }
      ok = whereBefore.contains("calculator runs on " + node3Address) && movedToNode2;
      System.out.println();
      System.out.println(ok ? "== The calculator answered from node 3, and after node 3 was killed from node 2, through node 1's endpoint"
          : "== UNEXPECTED: the calculator did not answer from node 3 and then from node 2");
    } finally {
      System.out.println();
      System.out.println("== 7. Stop the nodes");
      for (int i = nodes.size() - 1; i >= 0; i--) {
        nodes.get(i).stop();
      }
      System.out.println("done");
    }
    System.exit(ok ? 0 : 1);
  }

  /**
   * Kills {@code victim} and calls {@code where} until the calculator answers from
   * {@code standby}; prints each call (time since the kill, where it ran or the error) and what
   * it cost. True when the calculator answered from the standby in time.
   */
  private static boolean failover(String endpoint, Node victim, String standby) throws Exception {
    try (StreamableHttpClient calculator = StreamableHttpClient.connect(endpoint + "/" + CalculatorServer.NAME, line -> {})) {
      System.out.println("  " + answer(calculator.call("tools/call", WHERE_CALL)) + "   (before the kill)");
      Instant killed = Instant.now();
      victim.kill();
      System.out.println("  kill -9 node3");
      int failed = 0;
      while (Duration.between(killed, Instant.now()).compareTo(FAILOVER_PATIENCE) < 0) {
        Instant sent = Instant.now();
        String answer = calculator.call("tools/call", WHERE_CALL);
        Duration since = Duration.between(killed, Instant.now());
        System.out.printf("  +%5.2f s  %s%n", since.toMillis() / 1000.0, answer(answer));
        Matcher where = WHERE.matcher(answer);
        if (where.find() && where.group(1).equals(standby)) {
          System.out.printf("  the calculator moved to node 2: first answer from there %.2f s after the kill, %d call(s) failed%n",
              since.toMillis() / 1000.0, failed);
          return true;
        }
        failed++;
        Duration pause = CALL_INTERVAL.minus(Duration.between(sent, Instant.now()));
        if (!pause.isNegative()) {
          Thread.sleep(pause.toMillis());
        }
      }
      System.out.println("  the calculator did not answer from node 2 within " + FAILOVER_PATIENCE);
      return false;
    }
  }

  /** Where the calculator ran, or the JSON-RPC error's message. */
  private static String answer(String json) {
    Matcher where = WHERE.matcher(json);
    if (where.find()) {
      return "answered from " + where.group(1);
    }
    Matcher error = ERROR_MESSAGE.matcher(json);
    return error.find() ? "error: " + error.group(1) : json;
  }
}

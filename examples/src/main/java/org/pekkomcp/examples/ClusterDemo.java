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
 * loopback (node 1 alone, nodes 2 and 3 joining it; node 2 hosts {@code notes}, node 3
 * {@code calculator}), connects an MCP client to node 1's endpoint, calls the calculator that
 * lives on node 3 and reads a note from node 2, then stops the three nodes.
 *
 * <p>Every port is picked by the OS (port 0); the demo learns them from the lines each node
 * prints, so it never collides with anything else on the machine. Each node's output is shown
 * with its name in front. Exits 0 when the calculator answered from node 3, 1 otherwise.
 */
public final class ClusterDemo {

  private static final Duration STARTUP = Duration.ofSeconds(90);
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
      System.out.println("== 1. Start node 1 alone: a one-node cluster on the cluster backend, hosting no server");
      Node node1 = Node.start("node1", "--cluster-port", "0", "--http-port", "0", "--servers", "none");
      nodes.add(node1);
      String joinAt = node1.awaitMatch(NODE_LINE, "node address").group(2);
      String endpoint = node1.awaitMatch(ENDPOINT_LINE, "HTTP endpoint").group(1);
      node1.await(l -> l.startsWith("ready"), "ready line");

      System.out.println();
      System.out.println("== 2. Nodes 2 and 3 join it: node 2 hosts notes, node 3 hosts calculator");
      Node node2 = Node.start("node2", "--join", joinAt, "--http-port", "0", "--servers", NotesServer.NAME);
      nodes.add(node2);
      Node node3 = Node.start("node3", "--join", joinAt, "--http-port", "0", "--servers", CalculatorServer.NAME);
      nodes.add(node3);
      String node3Address = node3.awaitMatch(NODE_LINE, "node address").group(1);
      node2.await(l -> l.startsWith("ready"), "ready line");
      node3.await(l -> l.startsWith("ready"), "ready line");
      node1.await(l -> l.contains("server " + CalculatorServer.NAME + " is up on " + node3Address),
          "sight of the calculator on node 3");

      System.out.println();
      System.out.println("== 3. A client on node 1 (" + endpoint + ") calls the calculator, which runs on node 3");
      String whereAnswer;
      try (StreamableHttpClient calculator = StreamableHttpClient.connect(endpoint + "/" + CalculatorServer.NAME, System.out::println)) {
        calculator.call("tools/list", "{}");
        calculator.call("tools/call", "{\"name\":\"add\",\"arguments\":{\"a\":2,\"b\":3}}");
        calculator.call("tools/call", "{\"name\":\"divide\",\"arguments\":{\"a\":1,\"b\":0}}");
        whereAnswer = calculator.call("tools/call", "{\"name\":\"where\",\"arguments\":{}}");
      }
      System.out.println();
      System.out.println("== 4. The same endpoint on node 1 serves the notes server of node 2");
      try (StreamableHttpClient notes = StreamableHttpClient.connect(endpoint + "/" + NotesServer.NAME, System.out::println)) {
        notes.call("tools/call", "{\"name\":\"add_note\",\"arguments\":{\"title\":\"From node 1\",\"text\":\"stored on node 2\"}}");
        notes.call("resources/read", "{\"uri\":\"" + NotesServer.INDEX + "\"}");
      }
      ok = whereAnswer.contains("calculator runs on " + node3Address);
      System.out.println();
      System.out.println(ok ? "== The calculator answered from node 3 (" + node3Address + ") through node 1's endpoint"
          : "== UNEXPECTED: the calculator did not answer from node 3");
    } finally {
      System.out.println();
      System.out.println("== 5. Stop the three nodes");
      for (int i = nodes.size() - 1; i >= 0; i--) {
        nodes.get(i).stop();
      }
      System.out.println("done");
    }
    System.exit(ok ? 0 : 1);
  }
}

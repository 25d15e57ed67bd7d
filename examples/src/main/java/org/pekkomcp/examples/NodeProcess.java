/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
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
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@link McpNode} in a JVM of its own, for the multi-node demo and the failover driver: its
 * output is read on a thread (shown through {@code echo}, and kept so the caller can wait for a
 * line), and it can be stopped gracefully or killed.
 */
record NodeProcess(String label, Process process, BlockingQueue<String> lines) {

  private static final Duration STARTUP = Duration.ofSeconds(90);
  private static final Pattern NODE_LINE = Pattern.compile("^node (pekko://\\S+@(\\S+)) ");
  private static final Pattern ENDPOINT_LINE = Pattern.compile("^MCP endpoint (http://\\S+)/<server name>");

  /** Starts {@code McpNode args} with extra JVM options; each output line goes to {@code echo} with the label in front. */
  static NodeProcess start(String label, List<String> jvmOptions, Consumer<String> echo, String... args) throws IOException {
    return start(label, jvmOptions, Map.of(), echo, args);
  }

  /** Starts {@code McpNode args} as above, with these variables added to its environment. */
  static NodeProcess start(String label, List<String> jvmOptions, Map<String, String> environment, Consumer<String> echo,
      String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), McpNode.class.getName()));
    command.addAll(List.of(args));
    echo.accept("$ McpNode " + String.join(" ", args) + "    # " + label);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    NodeProcess node = new NodeProcess(label, process, new LinkedBlockingQueue<>());
    Thread pump = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          echo.accept("  [" + label + "] " + line);
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
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null && wanted.test(line)) {
        return line;
      }
      if (line != null) {
        last = line;
      } else if (!process.isAlive()) {
        throw new IllegalStateException(label + " exited with " + process.exitValue() + " before " + what
            + (last.isEmpty() ? "" : "; its last line: " + last));
      }
    }
    throw new IllegalStateException(label + ": no " + what + " within " + STARTUP);
  }

  /** The node's cluster address, {@code pekko://mcp@host:port}, from its first line. */
  String awaitAddress() throws InterruptedException {
    return awaitMatch(NODE_LINE, "node address").group(1);
  }

  /** The {@code host:port} other nodes join, from its first line. */
  String awaitJoinAddress() throws InterruptedException {
    return awaitMatch(NODE_LINE, "node address").group(2);
  }

  /** The base URL of the node's MCP endpoint ({@code .../mcp}). */
  String awaitEndpoint() throws InterruptedException {
    return awaitMatch(ENDPOINT_LINE, "HTTP endpoint").group(1);
  }

  void awaitReady() throws InterruptedException {
    await(l -> l.startsWith("ready"), "ready line");
  }

  private Matcher awaitMatch(Pattern pattern, String what) throws InterruptedException {
    Matcher m = pattern.matcher(await(l -> pattern.matcher(l).find(), what));
    m.find();
    return m;
  }

  /** SIGKILL: the JVM vanishes without leaving the cluster, as in a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** SIGTERM: the node leaves the cluster through Pekko's coordinated shutdown (killed after 20 s). */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}

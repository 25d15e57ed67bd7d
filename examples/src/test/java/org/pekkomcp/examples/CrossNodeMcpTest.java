/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkomcp.examples.InJvmNodes.options;
import static org.pekkomcp.examples.InJvmNodes.testConfig;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.transport.http.HttpTransport;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Registration;

/**
 * Three {@link McpNode}-configured actor systems in this JVM form a cluster on 127.0.0.1 (ports
 * picked by the OS, Java serialization off, the cluster backend): node 1 runs the HTTP endpoint
 * (with a bearer token), the calculator server starts on node 3. The official MCP Java SDK client
 * connects to node 1 and calls the calculator on node 3; the calculator stops and starts again on
 * node 2 under the same name, and the same client's next call reaches it there. The notes server
 * on node 2 sends {@code resources/list_changed} to a client on node 1.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrossNodeMcpTest {

  private static final String TOKEN = "cross-node-secret";
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static ActorTestKit node1;
  private static ActorTestKit node2;
  private static ActorTestKit node3;
  private static ActorRef<McpServer.Command> calculatorOnNode3;
  private static URI endpoint;

  @BeforeAll
  static void startCluster() throws Exception {
    NodeOptions first = options("--cluster-port", "0", "--http-port", "0", "--servers", "none", "--token", TOKEN);
    node1 = ActorTestKit.create(NodeOptions.SYSTEM_NAME, testConfig(first));
    String joinAt = node1.system().address().getHost().orElseThrow() + ":" + node1.system().address().getPort().orElseThrow();
    node2 = ActorTestKit.create(NodeOptions.SYSTEM_NAME, testConfig(options("--join", joinAt, "--servers", "none")));
    node3 = ActorTestKit.create(NodeOptions.SYSTEM_NAME, testConfig(options("--join", joinAt, "--servers", "none")));

    node1.spawn(HttpTransport.create(McpNode.httpSettings(first, node1.system())), "http");
    calculatorOnNode3 = node3.spawn(McpNode.server(CalculatorServer.NAME, address(node3)), CalculatorServer.NAME);
    node2.spawn(McpNode.server(NotesServer.NAME, address(node2)), NotesServer.NAME);
    Registration http = McpRegistry.get(node1.system()).await(Kind.TRANSPORT, McpNode.transportName(node1.system()), PATIENCE)
        .toCompletableFuture().get().orElseThrow();
    endpoint = URI.create(http.config().get("url").orElseThrow().asText());
    awaitCalculatorSeenByNode1On(node3);
    McpRegistry.get(node1.system()).await(Kind.SERVER, NotesServer.NAME, PATIENCE).toCompletableFuture().get().orElseThrow();
  }

  private static McpClient.SyncSpec client(String server) {
    return McpClient.sync(HttpClientStreamableHttpTransport.builder("http://" + endpoint.getAuthority())
            .endpoint(endpoint.getPath() + "/" + server)
            .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + TOKEN))
            .build())
        .requestTimeout(Duration.ofSeconds(30))
        .initializationTimeout(PATIENCE);
  }

  @AfterAll
  static void stopCluster() {
    for (ActorTestKit kit : new ActorTestKit[] {node3, node2, node1}) {
      if (kit != null) {
        kit.shutdownTestKit();
      }
    }
  }

  private static String address(ActorTestKit node) {
    return node.system().address().toString();
  }

  /** Waits until node 1's registry routes the calculator's name to an actor on {@code host}. */
  private static void awaitCalculatorSeenByNode1On(ActorTestKit host) {
    TestProbe<Object> probe = node1.createTestProbe();
    probe.awaitAssert(PATIENCE, Duration.ofMillis(100), () -> {
      Optional<Registration> seen = McpRegistry.get(node1.system()).whereis(Kind.SERVER, CalculatorServer.NAME);
      assertEquals(Optional.of(host.system().address()), seen.map(Registration::node));
      return null;
    });
  }

  /** Calls a tool and returns the text of its first content block. */
  private static String call(McpSyncClient client, String tool, Map<String, Object> arguments) {
    McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder().name(tool).arguments(arguments).build());
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  @Test
  @Order(1)
  void originHostAndBearerTokenAreCheckedForAServerOnAnotherNode() throws Exception {
    String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    String good = "127.0.0.1:" + endpoint.getPort();
    String bearer = "Authorization: Bearer " + TOKEN;

    assertTrue(post(good, List.of(), initialize).startsWith("HTTP/1.1 401"), "no token");
    assertTrue(post(good, List.of("Authorization: Bearer wrong"), initialize).startsWith("HTTP/1.1 401"), "wrong token");
    assertTrue(post(good, List.of(bearer, "Origin: http://evil.example"), initialize).startsWith("HTTP/1.1 403"),
        "foreign Origin");
    assertTrue(post("evil.example:" + endpoint.getPort(), List.of(bearer), initialize).startsWith("HTTP/1.1 403"),
        "foreign Host (DNS rebinding)");

    // The same request with the token, a local Origin and Host reaches the calculator on node 3.
    String accepted = post(good, List.of(bearer, "Origin: http://localhost:6274"), initialize);
    assertTrue(accepted.startsWith("HTTP/1.1 200"), accepted);
    assertTrue(accepted.contains("\"serverInfo\":{\"name\":\"calculator\""), accepted);
  }

  @Test
  @Order(2)
  void aClientOnNode1KeepsCallingTheCalculatorWhenItMovesFromNode3ToNode2() throws Exception {
    McpSyncClient client = client(CalculatorServer.NAME).build();
    try {
      assertEquals(CalculatorServer.NAME, client.initialize().serverInfo().name());
      assertEquals("2 + 3 = 5", call(client, "add", Map.of("a", 2, "b", 3)));
      assertEquals("calculator runs on " + address(node3), call(client, "where", Map.of()));

      node3.stop(calculatorOnNode3, PATIENCE);
      TestProbe<Object> probe = node1.createTestProbe();
      probe.awaitAssert(PATIENCE, Duration.ofMillis(100), () -> {
        assertTrue(McpRegistry.get(node1.system()).whereis(Kind.SERVER, CalculatorServer.NAME).isEmpty());
        return null;
      });
      // Gone: the call waits for a server under the name (mcp.transport.failover-wait) instead of
      // failing, and the instance started on node 2 while it waits answers it.
      CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> call(client, "where", Map.of()));
      node2.spawn(McpNode.server(CalculatorServer.NAME, address(node2)), CalculatorServer.NAME);
      assertEquals("calculator runs on " + address(node2), waiting.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
      awaitCalculatorSeenByNode1On(node2);
      assertEquals("6 * 7 = 42", call(client, "multiply", Map.of("a", 6, "b", 7)));
    } finally {
      client.close();
    }
  }

  @Test
  @Order(3)
  void aNoteAddedThroughNode1OnTheNotesServerOfNode2ReachesTheClientAsResourcesListChanged() {
    AtomicReference<List<McpSchema.Resource>> changed = new AtomicReference<>(List.of());
    McpSyncClient client = client(NotesServer.NAME).resourcesChangeConsumer(changed::set).build();
    try {
      client.initialize();
      McpSchema.CallToolResult added = client.callTool(McpSchema.CallToolRequest.builder().name("add_note")
          .arguments(Map.of("title", "Cross-node", "text", "written through node 1")).build());
      assertEquals("added note 2: Cross-node", ((McpSchema.TextContent) added.content().get(0)).text());
      // The notification travels from node 2's server to the session on node 1, then the client's GET stream.
      node1.createTestProbe().awaitAssert(PATIENCE, Duration.ofMillis(100), () -> {
        assertTrue(changed.get().stream().anyMatch(r -> r.uri().equals("notes://note/2")), changed.get()::toString);
        return null;
      });
      McpSchema.ReadResourceResult read = client.readResource(new McpSchema.ReadResourceRequest("notes://note/2"));
      assertEquals("## Cross-node\n\nwritten through node 1\n", ((McpSchema.TextResourceContents) read.contents().get(0)).text());
    } finally {
      client.close();
    }
  }

  /** One HTTP/1.1 POST on a raw socket, so that Host can be anything; returns the whole response. */
  private static String post(String hostHeader, List<String> headers, String body) throws Exception {
    try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
      socket.setSoTimeout((int) PATIENCE.toMillis());
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      StringBuilder request = new StringBuilder()
          .append("POST ").append(endpoint.getPath()).append('/').append(CalculatorServer.NAME).append(" HTTP/1.1\r\n")
          .append("Host: ").append(hostHeader).append("\r\n")
          .append("Content-Type: application/json\r\n")
          .append("Accept: application/json, text/event-stream\r\n")
          .append("Content-Length: ").append(bytes.length).append("\r\n")
          .append("Connection: close\r\n");
      headers.forEach(h -> request.append(h).append("\r\n"));
      request.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      StringBuilder response = new StringBuilder();
      try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          response.append(line).append('\n');
        }
      }
      return response.toString();
    }
  }
}

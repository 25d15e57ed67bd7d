/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.ServerDefinition;
import org.pekkomcp.mcp.server.Tool;
import org.pekkomcp.mcp.server.ToolResult;
import org.pekkomcp.mcp.transport.stdio.StdioTransport;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;

/**
 * The transport-side protocol over stdio streams in memory: lifecycle, batches, error paths, and
 * routing by name while the server stops and comes back.
 */
class StdioTransportTest {

  /** Requests for a missing server fail at once here; {@link FailoverWaitTest} covers the wait. */
  private static final ActorTestKit kit = ActorTestKit.create(
      ConfigFactory.parseString("mcp.transport.failover-wait = 0s").withFallback(ConfigFactory.load()));
  private static final AtomicInteger names = new AtomicInteger();

  private Wire wire;

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @AfterEach
  void closeWire() throws IOException {
    if (wire != null) {
      wire.toServer.close();
    }
  }

  /** Both ends of an in-memory stdio pair, from the client's side. */
  private static final class Wire {
    final OutputStream toServer;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final ActorRef<StdioTransport.Command> transport;

    Wire(String serverName, Duration timeout) throws IOException {
      PipedInputStream serverIn = new PipedInputStream(1 << 16);
      toServer = new PipedOutputStream(serverIn);
      PipedInputStream clientIn = new PipedInputStream(1 << 16);
      PipedOutputStream serverOut = new PipedOutputStream(clientIn);
      transport = kit.spawn(StdioTransport.create(serverName, serverIn, serverOut, timeout));
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            lines.add(line);
          }
        } catch (IOException e) {
          // the transport closed its end
        }
      });
      reader.setDaemon(true);
      reader.start();
    }

    void send(String json) throws IOException {
      toServer.write((json + "\n").getBytes(StandardCharsets.UTF_8));
      toServer.flush();
    }

    JsonNode next() throws Exception {
      String line = lines.poll(5, TimeUnit.SECONDS);
      assertNotNull(line, "no line within 5 s");
      return JsonRpc.MAPPER.readTree(line);
    }

    JsonNode call(String json) throws Exception {
      send(json);
      return next();
    }

    void initialize(String version) throws Exception {
      JsonNode init = call("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
          + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
      assertEquals(version, init.get("result").get("protocolVersion").asText());
      send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }
  }

  private static ServerDefinition definition(String name) {
    return ServerDefinition.of(name, "1")
        .withTool(Tool.of("echo", "echoes", Tool.emptySchema(),
            call -> CompletableFuture.completedFuture(ToolResult.text("echo " + call.arguments()))))
        .withTool(Tool.of("hang", "never answers", Tool.emptySchema(), call -> new CompletableFuture<>()));
  }

  private static ActorRef<McpServer.Command> startServer(ServerDefinition definition) {
    ActorRef<McpServer.Command> server = kit.spawn(McpServer.create(definition));
    awaitServer(definition.name(), true);
    return server;
  }

  private static void awaitServer(String name, boolean present) {
    kit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
      assertEquals(present, McpRegistry.get(kit.system()).whereis(Kind.SERVER, name).isPresent());
      return null;
    });
  }

  private Wire connect(String serverName) throws IOException {
    wire = new Wire(serverName, Duration.ofSeconds(30));
    return wire;
  }

  private static int code(JsonNode json) {
    assertTrue(json.has("error"), json::toString);
    assertFalse(json.toString().contains("\\tat "), "no stack trace");
    return json.get("error").get("code").asInt();
  }

  @Test
  void malformedInputIsAnsweredWithTheRightCodes() throws Exception {
    String name = "stdio-" + names.incrementAndGet();
    startServer(definition(name));
    Wire w = connect(name);
    JsonNode parse = w.call("{not json");
    assertEquals(JsonRpc.PARSE_ERROR, code(parse));
    assertFalse(parse.has("id"), "a parse error has no id");
    JsonNode version = w.call("{\"jsonrpc\":\"1.0\",\"id\":3,\"method\":\"ping\"}");
    assertEquals(JsonRpc.INVALID_REQUEST, code(version));
    assertEquals(3, version.get("id").asInt());
    JsonNode noId = w.call("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}");
    assertEquals(JsonRpc.INVALID_REQUEST, code(noId));
    assertFalse(noId.has("id"));
  }

  @Test
  void onlyPingAndInitializeComeBeforeInitialization() throws Exception {
    String name = "stdio-" + names.incrementAndGet();
    startServer(definition(name));
    Wire w = connect(name);
    assertEquals(JsonRpc.INVALID_REQUEST, code(w.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")));
    assertTrue(w.call("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}").has("result"));
    w.initialize("2025-11-25");
    assertEquals("echo", w.call("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}")
        .get("result").get("tools").get(0).get("name").asText());
    assertEquals(JsonRpc.METHOD_NOT_FOUND, code(w.call("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"nope\"}")));
    assertEquals(JsonRpc.INVALID_PARAMS, code(w.call("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}")));
  }

  @Test
  void modernRequestsNeedNoInitialize() throws Exception {
    String name = "stdio-" + names.incrementAndGet();
    startServer(definition(name));
    Wire w = connect(name);
    String meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}";
    JsonNode discover = w.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{" + meta + "}}");
    assertEquals("2026-07-28", discover.get("result").get("supportedVersions").get(0).asText(), discover::toString);
    JsonNode tools = w.call("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{" + meta + "}}");
    assertEquals("complete", tools.get("result").get("resultType").asText());
    assertEquals(JsonRpc.METHOD_NOT_FOUND, code(w.call("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\",\"params\":{" + meta + "}}")));
    JsonNode unknown = w.call("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\",\"params\":{\"_meta\":"
        + "{\"io.modelcontextprotocol/protocolVersion\":\"1900-01-01\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}");
    assertEquals(JsonRpc.UNSUPPORTED_PROTOCOL_VERSION, code(unknown));
    // Without _meta the session still wants initialize first.
    assertEquals(JsonRpc.INVALID_REQUEST, code(w.call("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}")));
  }

  @Test
  void notificationsAreNeverAnswered() throws Exception {
    String name = "stdio-" + names.incrementAndGet();
    startServer(definition(name));
    Wire w = connect(name);
    w.initialize("2025-06-18");
    w.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}");
    w.send("{\"jsonrpc\":\"2.0\",\"method\":\"unknown/notification\"}");
    // The next line on the wire answers the ping: nothing was written for the notifications.
    assertEquals(9, w.call("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}").get("id").asInt());
  }

  @Test
  void batchesOnlyWith20250326() throws Exception {
    String name = "stdio-" + names.incrementAndGet();
    startServer(definition(name));
    Wire modern = connect(name);
    modern.initialize("2025-11-25");
    JsonNode refused = modern.call("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]");
    assertEquals(JsonRpc.INVALID_REQUEST, code(refused));
    modern.toServer.close();

    Wire old = connect(name);
    old.initialize("2025-03-26");
    JsonNode answers = old.call("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},"
        + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\"},"
        + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}},"
        + "{\"jsonrpc\":\"1.0\",\"id\":3,\"method\":\"ping\"}]");
    assertTrue(answers.isArray(), answers::toString);
    assertEquals(3, answers.size(), answers::toString);
    JsonNode byId1 = null;
    JsonNode byId2 = null;
    JsonNode byId3 = null;
    for (JsonNode a : answers) {
      switch (a.get("id").asInt()) {
        case 1 -> byId1 = a;
        case 2 -> byId2 = a;
        case 3 -> byId3 = a;
        default -> throw new AssertionError(a);
      }
    }
    assertTrue(byId1.has("result"));
    assertTrue(byId2.get("result").get("content").get(0).get("text").asText().startsWith("echo"));
    assertEquals(JsonRpc.INVALID_REQUEST, code(byId3));
    // A cancelled request of a batch is left out; the batch still completes with the rest.
    old.send("[{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/call\",\"params\":{\"name\":\"hang\"}},"
        + "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"ping\"}]");
    old.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":10}}");
    JsonNode rest = old.next();
    assertEquals(1, rest.size(), rest::toString);
    assertEquals(11, rest.get(0).get("id").asInt());
    // A batch of notifications only is not answered at all.
    old.send("[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/a\"},{\"jsonrpc\":\"2.0\",\"method\":\"notifications/b\"}]");
    assertEquals(5, old.call("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}").get("id").asInt());
  }

  @Test
  void routingFollowsTheServerNameThroughStopAndRestart() throws Exception {
    String name = "stdio-" + names.incrementAndGet();
    ActorRef<McpServer.Command> first = startServer(definition(name));
    Wire w = connect(name);
    w.initialize("2025-11-25");
    kit.stop(first);
    awaitServer(name, false);
    JsonNode gone = w.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
    assertEquals(JsonRpc.INTERNAL_ERROR, code(gone));
    assertTrue(gone.get("error").get("message").asText().contains(name));
    startServer(definition(name));
    assertEquals("echo", w.call("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")
        .get("result").get("tools").get(0).get("name").asText());
  }

  @Test
  void aServerThatStopsMidRequestAnswersWithAnError() throws Exception {
    String name = "stdio-" + names.incrementAndGet();
    CompletableFuture<Void> called = new CompletableFuture<>();
    ServerDefinition hanging = ServerDefinition.of(name, "1").withTool(Tool.of("hang", "never answers", Tool.emptySchema(),
        call -> {
          called.complete(null);
          return new CompletableFuture<>();
        }));
    ActorRef<McpServer.Command> server = startServer(hanging);
    Wire w = connect(name);
    w.initialize("2025-11-25");
    w.send("{\"jsonrpc\":\"2.0\",\"id\":\"h\",\"method\":\"tools/call\",\"params\":{\"name\":\"hang\"}}");
    called.get(5, TimeUnit.SECONDS);
    assertNull(w.lines.poll(100, TimeUnit.MILLISECONDS));
    // A second request with an id still in use is refused.
    assertEquals(JsonRpc.INVALID_REQUEST, code(w.call("{\"jsonrpc\":\"2.0\",\"id\":\"h\",\"method\":\"ping\"}")));
    kit.stop(server);
    JsonNode error = w.next();
    assertEquals("h", error.get("id").asText());
    assertEquals(JsonRpc.INTERNAL_ERROR, code(error));
  }

  @Test
  void aRequestWithoutAnswerTimesOut() throws Exception {
    String name = "stdio-" + names.incrementAndGet();
    ServerDefinition hanging = ServerDefinition.of(name, "1").withTool(Tool.of("hang", "never answers", Tool.emptySchema(),
        call -> new CompletableFuture<>()));
    startServer(hanging);
    wire = new Wire(name, Duration.ofMillis(300));
    wire.initialize("2025-11-25");
    JsonNode error = wire.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"hang\"}}");
    assertEquals(JsonRpc.INTERNAL_ERROR, code(error));
    assertTrue(error.get("error").get("message").asText().contains("within"));
  }

  @Test
  void theTransportIsRegisteredAndLeavesWhenInputEnds() throws Exception {
    String name = "stdio-" + names.incrementAndGet();
    startServer(definition(name));
    Wire w = connect(name);
    McpRegistry registry = McpRegistry.get(kit.system());
    TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(5), () -> {
      assertTrue(registry.list(Kind.TRANSPORT).stream().anyMatch(r -> r.ref().equals(w.transport)
          && r.config().get("server").orElseThrow().asText().equals(name)));
      return null;
    });
    w.toServer.close();
    probe.expectTerminated(w.transport, Duration.ofSeconds(5));
    probe.awaitAssert(Duration.ofSeconds(5), () -> {
      assertTrue(registry.list(Kind.TRANSPORT).stream().noneMatch(r -> r.ref().equals(w.transport)));
      return null;
    });
  }
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.ClientMessage;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.ServerDefinition;
import org.pekkomcp.mcp.server.Tool;
import org.pekkomcp.mcp.server.ToolResult;
import org.pekkomcp.mcp.transport.ClientSession;
import org.pekkomcp.mcp.transport.RecordingChannel;
import org.pekkomcp.mcp.transport.ReplyChannel;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.registry.Subscription;

/**
 * Clients during a server move, on the local backend: requests for a server that is not
 * registered wait for it (in order, bounded in time and number), and requests in flight to a
 * server that unregisters in order are still answered. That requests in flight end at once when
 * the server's node is seen unreachable is tested with real processes ({@code ShardedFailoverTest}).
 */
class FailoverWaitTest {

  private static final Duration WAIT = Duration.ofSeconds(1);
  private static final ActorTestKit kit = ActorTestKit.create(ConfigFactory.parseString(
      "mcp.transport.failover-wait = 1s\nmcp.transport.failover-max-waiting-messages = 4")
      .withFallback(ConfigFactory.load()));
  private static final AtomicInteger names = new AtomicInteger();

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  /** Everything a session or request puts on one channel, in order. */
  private static String name() {
    return "failover-" + names.incrementAndGet();
  }

  private static ServerDefinition definition(String name, CompletableFuture<Void> hangCalled) {
    return definition(name, hangCalled, new CompletableFuture<>());
  }

  /** {@code hang} answers "released" when {@code release} completes, never before. */
  private static ServerDefinition definition(String name, CompletableFuture<Void> hangCalled,
      CompletableFuture<Void> release) {
    return ServerDefinition.of(name, "1")
        .withTool(Tool.of("echo", "echoes", Tool.emptySchema(),
            call -> CompletableFuture.completedFuture(ToolResult.text("echo " + call.arguments()))))
        .withTool(Tool.of("hang", "answers when released", Tool.emptySchema(), call -> {
          hangCalled.complete(null);
          return release.thenApply(v -> ToolResult.text("released"));
        }));
  }

  private static ActorRef<McpServer.Command> startServer(String name, CompletableFuture<Void> hangCalled) {
    return startServer(name, hangCalled, new CompletableFuture<>());
  }

  private static ActorRef<McpServer.Command> startServer(String name, CompletableFuture<Void> hangCalled,
      CompletableFuture<Void> release) {
    ActorRef<McpServer.Command> server = kit.spawn(McpServer.create(definition(name, hangCalled, release)));
    kit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
      assertTrue(McpRegistry.get(kit.system()).whereis(Kind.SERVER, name).isPresent());
      return null;
    });
    return server;
  }

  private static ActorRef<ClientSession.Command> session(String name) {
    return kit.spawn(ClientSession.create(name, "s-" + names.incrementAndGet(), Optional.empty(),
        Duration.ofSeconds(30), Optional.empty()));
  }

  private static void send(ActorRef<ClientSession.Command> session, String json, ReplyChannel channel) {
    session.tell(new ClientSession.Incoming(JsonRpcCodec.decode(json), channel));
  }

  private static String initialize(int id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  }

  private static String echo(int id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"n\":"
        + id + "}}}";
  }

  private static String errorMessage(JsonNode json) {
    assertTrue(json.has("error"), json::toString);
    assertEquals(JsonRpc.INTERNAL_ERROR, json.get("error").get("code").asInt());
    return json.get("error").get("message").asText();
  }

  @Test
  void requestsSentWhileTheServerIsAbsentAreServedInOrderOnceItRegisters() throws Exception {
    String name = name();
    ActorRef<ClientSession.Command> session = session(name);
    RecordingChannel init = RecordingChannel.everything();
    RecordingChannel calls = RecordingChannel.everything();
    send(session, initialize(0), init);
    send(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", init);
    for (int id = 1; id <= 2; id++) {
      send(session, echo(id), calls);
    }
    assertNull(calls.poll(Duration.ofMillis(100)).orElse(null), "nothing is answered while the server is absent");
    startServer(name, new CompletableFuture<>());
    assertEquals("2025-11-25", init.next(WAIT).get("result").get("protocolVersion").asText());
    for (int id = 1; id <= 2; id++) {
      JsonNode answer = calls.next(WAIT);
      assertEquals(id, answer.get("id").asInt(), answer::toString);
      assertTrue(answer.get("result").toString().contains("\\\"n\\\":" + id), answer::toString);
    }
  }

  @Test
  void aRequestWhoseWaitRunsOutGetsAnErrorNamingTheServerAndTheWait() throws Exception {
    String name = name();
    ActorRef<ClientSession.Command> session = session(name);
    RecordingChannel channel = RecordingChannel.everything();
    send(session, initialize(0), channel);
    String message = errorMessage(channel.next(WAIT.multipliedBy(5)));
    assertTrue(message.contains("'" + name + "'") && message.contains("waited 1s"), message);
  }

  @Test
  void requestsPastTheCapAreRefusedAtOnce() throws Exception {
    String name = name();
    ActorRef<ClientSession.Command> session = session(name);
    List<RecordingChannel> channels = List.of(RecordingChannel.everything(), RecordingChannel.everything(), RecordingChannel.everything(), RecordingChannel.everything(), RecordingChannel.everything());
    for (int id = 0; id < channels.size(); id++) {
      send(session, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}", channels.get(id));
    }
    String refused = errorMessage(channels.get(4).next(Duration.ofMillis(500)));
    assertTrue(refused.contains("4 messages already wait"), refused);
    startServer(name, new CompletableFuture<>());
    for (int id = 0; id < 4; id++) {
      assertTrue(channels.get(id).next(WAIT).has("result"));
    }
  }

  @Test
  void aRequestInFlightIsStillAnsweredAfterItsServerUnregistersInOrder() throws Exception {
    String name = name();
    CompletableFuture<Void> hangCalled = new CompletableFuture<>();
    CompletableFuture<Void> release = new CompletableFuture<>();
    startServer(name, hangCalled, release);
    ActorRef<ClientSession.Command> session = session(name);
    RecordingChannel channel = RecordingChannel.everything();
    send(session, initialize(0), channel);
    assertTrue(channel.next(WAIT).has("result"));
    send(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"hang\"}}", channel);
    assertAnsweredAfterUnregistration(name, hangCalled, release, channel, 1);
  }

  /**
   * Once the hanging call runs, unregisters the server (it lives on, as a sharded server does
   * while it drains before a hand-off), waits until a subscriber has been told, then lets the call
   * answer: the answer, not an error, reaches the client.
   */
  private static void assertAnsweredAfterUnregistration(String name, CompletableFuture<Void> hangCalled,
      CompletableFuture<Void> release, RecordingChannel channel, int id) throws Exception {
    hangCalled.get(5, TimeUnit.SECONDS);
    CompletableFuture<Void> told = new CompletableFuture<>();
    try (Subscription subscription = McpRegistry.get(kit.system()).subscribe(event -> {
      if (event instanceof RegistryEvent.Unregistered u && u.registration().name().equals(name)) {
        told.complete(null);
      }
    })) {
      McpRegistry.get(kit.system()).unregister(Kind.SERVER, name).toCompletableFuture().get(5, TimeUnit.SECONDS);
      told.get(5, TimeUnit.SECONDS);
    }
    release.complete(null);
    JsonNode answer = channel.next(Duration.ofSeconds(5));
    assertEquals(id, answer.get("id").asInt());
    assertTrue(answer.has("result"), "answered, not failed: " + answer);
  }

  @Test
  void onlyAnOrderlyUnregistrationLeavesRequestsInFlight() {
    for (RegistryEvent.RemovalReason reason : RegistryEvent.RemovalReason.values()) {
      assertEquals(reason != RegistryEvent.RemovalReason.UNREGISTERED, ServerGone.endsRequestsInFlight(reason),
          reason.name());
    }
  }

  @Test
  void aStatelessRequestInFlightIsStillAnsweredAfterItsServerUnregistersInOrder() throws Exception {
    String name = name();
    CompletableFuture<Void> hangCalled = new CompletableFuture<>();
    CompletableFuture<Void> release = new CompletableFuture<>();
    startServer(name, hangCalled, release);
    RecordingChannel channel = RecordingChannel.everything();
    String hang = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"hang\",\"_meta\":{"
        + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},"
        + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}}";
    StatelessRequests.get(kit.system()).send(name, JsonRpcCodec.parseTree("9").orElseThrow(), ClientMessage.ofText(hang), channel,
        Optional.of(Duration.ofSeconds(30)));
    assertAnsweredAfterUnregistration(name, hangCalled, release, channel, 9);
  }

  @Test
  void theLogLevelAndSubscriptionsFollowTheServerToItsNewInstance() throws Exception {
    String name = name();
    ActorRef<McpServer.Command> first = startServer(name, new CompletableFuture<>());
    RecordingChannel standing = RecordingChannel.everything();
    ActorRef<ClientSession.Command> session = kit.spawn(ClientSession.create(name, "s-" + names.incrementAndGet(),
        Optional.of(standing), Duration.ofSeconds(30), Optional.empty()));
    RecordingChannel channel = RecordingChannel.everything();
    send(session, initialize(0), channel);
    send(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", channel);
    send(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/subscribe\",\"params\":{\"uri\":\"test://r\"}}", channel);
    send(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"error\"}}", channel);
    for (int i = 0; i < 3; i++) {
      assertTrue(channel.next(WAIT).has("result"));
    }
    kit.stop(first);
    kit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
      assertTrue(McpRegistry.get(kit.system()).whereis(Kind.SERVER, name).isEmpty());
      return null;
    });
    ActorRef<McpServer.Command> second = startServer(name, new CompletableFuture<>());
    send(session, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}", channel);
    JsonNode pong = channel.next(WAIT);
    assertEquals(3, pong.get("id").asInt(), "the replayed requests' answers are not passed on: " + pong);
    second.tell(new McpServer.ResourceUpdated("test://r"));
    JsonNode updated = standing.next(WAIT);
    assertEquals("notifications/resources/updated", updated.get("method").asText());
    assertEquals("test://r", updated.get("params").get("uri").asText());
    assertNull(channel.poll(Duration.ofMillis(100)).orElse(null), "nothing else reaches the client");
  }

  @Test
  void aStatelessRequestWaitsForItsServer() throws Exception {
    String name = name();
    RecordingChannel served = RecordingChannel.everything();
    RecordingChannel expired = RecordingChannel.everything();
    JsonNode id = JsonRpcCodec.parseTree("7").orElseThrow();
    String ping = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\",\"params\":{\"_meta\":{"
        + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}";
    StatelessRequests.get(kit.system()).send(name() + "-never", id, ClientMessage.ofText(ping), expired, Optional.of(Duration.ofSeconds(30)));
    StatelessRequests.get(kit.system()).send(name, id, ClientMessage.ofText(ping), served, Optional.of(Duration.ofSeconds(30)));
    assertNull(served.poll(Duration.ofMillis(100)).orElse(null), "nothing is answered while the server is absent");
    startServer(name, new CompletableFuture<>());
    assertEquals(7, served.next(WAIT).get("id").asInt());
    assertTrue(errorMessage(expired.next(WAIT.multipliedBy(5))).contains("waited 1s"));
  }
}

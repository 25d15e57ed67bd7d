/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
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
import org.pekkomcp.mcp.transport.RecordingChannel;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;

/**
 * Stateless requests in flight end with an error when their server goes, and only theirs: the
 * node keeps all of them in one table and watches each server once, so a server that stops must
 * end exactly the requests sent to it, at once, and the others still get their answers.
 */
class StatelessRequestsTest {

  private static final ActorTestKit kit = ActorTestKit.create();
  private static final AtomicInteger names = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(5);

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  /** A server whose {@code hang} tool answers when {@code release} completes; {@code called} completes when it runs. */
  private record Hanging(String name, ActorRef<McpServer.Command> ref, CompletableFuture<Void> called,
      CompletableFuture<Void> release) {}

  private static Hanging start() {
    String name = "stateless-" + names.incrementAndGet();
    CompletableFuture<Void> called = new CompletableFuture<>();
    CompletableFuture<Void> release = new CompletableFuture<>();
    ActorRef<McpServer.Command> ref = kit.spawn(McpServer.create(ServerDefinition.of(name, "1")
        .withTool(Tool.of("hang", "answers when released", Tool.emptySchema(), call -> {
          called.complete(null);
          return release.thenApply(v -> ToolResult.text("released"));
        }))));
    kit.createTestProbe().awaitAssert(WAIT, () -> {
      assertTrue(McpRegistry.get(kit.system()).whereis(Kind.SERVER, name).isPresent());
      return null;
    });
    return new Hanging(name, ref, called, release);
  }

  private static RecordingChannel call(Hanging server, int id, Duration timeout) throws Exception {
    RecordingChannel answer = RecordingChannel.responses();
    String json = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"hang\",\"_meta\":{"
        + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},"
        + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}}";
    StatelessRequests.get(kit.system()).send(server.name(), JsonRpcCodec.parseTree(Integer.toString(id)).orElseThrow(),
        ClientMessage.ofText(json), answer, Optional.of(timeout));
    return answer;
  }

  private static String error(JsonNode answer) {
    assertEquals(JsonRpc.INTERNAL_ERROR, answer.path("error").path("code").asInt(), answer::toString);
    return answer.get("error").get("message").asText();
  }

  @Test
  void aServerThatStopsMidCallEndsItsRequestsWithAnErrorAndOnlyThose() throws Exception {
    Hanging stopping = start();
    Hanging staying = start();
    RecordingChannel lost = call(stopping, 1, Duration.ofSeconds(60));
    RecordingChannel kept = call(staying, 2, Duration.ofSeconds(60));
    stopping.called().get(5, TimeUnit.SECONDS);
    staying.called().get(5, TimeUnit.SECONDS);
    kit.stop(stopping.ref());
    JsonNode failed = lost.next(WAIT);
    assertEquals(1, failed.get("id").asInt());
    assertTrue(error(failed).contains("'" + stopping.name() + "'"), failed::toString);
    staying.release().complete(null);
    JsonNode answered = kept.next(WAIT);
    assertEquals(2, answered.get("id").asInt());
    assertTrue(answered.has("result"), "the other server's request is still answered: " + answered);
  }

  @Test
  void aServerUnregisteredInOrderThatThenStopsEndsItsRequestsWithAnError() throws Exception {
    Hanging server = start();
    RecordingChannel answer = call(server, 3, Duration.ofSeconds(60));
    server.called().get(5, TimeUnit.SECONDS);
    McpRegistry.get(kit.system()).unregister(Kind.SERVER, server.name()).toCompletableFuture().get(5, TimeUnit.SECONDS);
    kit.stop(server.ref());
    String message = error(answer.next(WAIT));
    assertTrue(message.endsWith("MCP server '" + server.name() + "' stopped before answering"), message);
  }

  @Test
  void aShortTimeoutSentAfterALongOneEndsItsRequestFirstAndAloneAtItsOwnDeadline() throws Exception {
    Hanging server = start();
    RecordingChannel patient = call(server, 5, Duration.ofSeconds(60));
    long sent = System.nanoTime();
    RecordingChannel hasty = call(server, 6, Duration.ofMillis(300));
    String message = error(hasty.next(WAIT));
    assertTrue(message.contains("within PT0.3S"), message);
    assertTrue(System.nanoTime() - sent >= Duration.ofMillis(300).toNanos(), "not before its deadline");
    server.release().complete(null);
    JsonNode answered = patient.next(WAIT);
    assertEquals(5, answered.get("id").asInt());
    assertTrue(answered.has("result"), "the request with the later deadline is still answered: " + answered);
  }

  @Test
  void aServerSilentForTheTimeoutEndsTheRequestWithAnError() throws Exception {
    Hanging server = start();
    RecordingChannel answer = call(server, 4, Duration.ofMillis(300));
    String message = error(answer.next(WAIT));
    assertTrue(message.contains("no answer from MCP server '" + server.name() + "' within"), message);
  }
}

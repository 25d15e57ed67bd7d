/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
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
 * A session and a server talking with every message serialized and deserialized on the way
 * ({@code serialize-messages = on}), as if they ran on two nodes: the session's reply ref (a
 * message adapter) must survive the trip, and nothing may need Java serialization. Messages that
 * never leave a node (handlers, channels, registry internals) are exempt by class prefix.
 */
class WireSerializationTest {

  private static final ActorTestKit kit = ActorTestKit.create("WireSerializationTest", ConfigFactory.parseString(
      "pekko.actor.serialize-messages = on\n"
          + "pekko.actor.no-serialization-verification-needed-class-prefix = [\"org.apache.pekko.\", "
          + "\"org.pekkomcp.registry.\", \"org.pekkomcp.mcp.transport.\", "
          + "\"org.pekkomcp.mcp.server.internal.ServerActor$Answered\", "
          + "\"org.pekkomcp.mcp.server.internal.ServerActor$RegisterDone\"]\n")
      .withFallback(ConfigFactory.load()));

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @Test
  void requestsProgressAndAnswersCrossAsSerializedMessages() throws Exception {
    ServerDefinition definition = ServerDefinition.of("wire", "1").withTool(Tool.of("count", "counts", Tool.emptySchema(),
        call -> {
          call.context().progress(1, 2);
          return CompletableFuture.supplyAsync(() -> ToolResult.text("counted"));
        }));
    kit.spawn(McpServer.create(definition));
    McpRegistry.get(kit.system()).await(Kind.SERVER, "wire", Duration.ofSeconds(5)).toCompletableFuture().get().orElseThrow();

    PipedInputStream serverIn = new PipedInputStream(1 << 16);
    PipedOutputStream toServer = new PipedOutputStream(serverIn);
    PipedInputStream clientIn = new PipedInputStream(1 << 16);
    kit.spawn(StdioTransport.create("wire", serverIn, new PipedOutputStream(clientIn), Duration.ofSeconds(10)));
    BufferedReader fromServer = new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.UTF_8));

    toServer.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}\n"
        + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
        + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"count\",\"_meta\":{\"progressToken\":\"t\"}}}\n")
        .getBytes(StandardCharsets.UTF_8));
    toServer.flush();
    // The call follows initialize without waiting for its answer; the session keeps them in order.
    CompletableFuture<JsonNode[]> lines = CompletableFuture.supplyAsync(() -> {
      try {
        return new JsonNode[] {
            JsonRpc.MAPPER.readTree(fromServer.readLine()),
            JsonRpc.MAPPER.readTree(fromServer.readLine()),
            JsonRpc.MAPPER.readTree(fromServer.readLine())};
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    JsonNode[] got = lines.get(10, TimeUnit.SECONDS);
    assertEquals("2025-06-18", got[0].get("result").get("protocolVersion").asText());
    assertEquals("notifications/progress", got[1].get("method").asText());
    assertNotNull(got[2].get("result"));
    assertEquals("counted", got[2].get("result").get("content").get(0).get("text").asText());
    toServer.close();
  }
}

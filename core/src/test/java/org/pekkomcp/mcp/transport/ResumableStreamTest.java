/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.ServerDefinition;
import org.pekkomcp.mcp.server.Tool;
import org.pekkomcp.mcp.server.ToolResult;
import org.pekkomcp.mcp.transport.http.HttpSettings;
import org.pekkomcp.mcp.transport.http.HttpTransport;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;

/**
 * A legacy client drops a tool call's SSE stream midway and reconnects with {@code Last-Event-ID}:
 * it gets every message it missed, in order and exactly once, and then the answer; one that missed
 * more than the stream keeps (here 3) is told how many it lost.
 */
class ResumableStreamTest {

  private static final ActorTestKit kit = ActorTestKit.create(ConfigFactory.parseString(
      "mcp.transport.http.sse-replay-events = 3").withFallback(ConfigFactory.load()));
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Map<String, CompletableFuture<Void>> releases = Map.of(
      "kept", new CompletableFuture<>(), "overflowing", new CompletableFuture<>());
  private static URI endpoint;

  @BeforeAll
  static void start() throws Exception {
    // Progress 1 and 2 at once; the rest, up to "steps", once the test has dropped the stream.
    kit.spawn(McpServer.create(ServerDefinition.of("resumable", "1").withTool(Tool.of("steps", "progress steps",
        schema("{\"type\":\"object\",\"properties\":{\"release\":{\"type\":\"string\"},\"steps\":{\"type\":\"integer\"}}}"),
        call -> {
          int steps = call.arguments().path("steps").asInt();
          call.context().progress(1, steps);
          call.context().progress(2, steps);
          return releases.get(call.arguments().path("release").asText()).thenApplyAsync(v -> {
            for (int step = 3; step <= steps; step++) {
              call.context().progress(step, steps);
            }
            return ToolResult.text("all steps done");
          });
        }))));
    kit.spawn(HttpTransport.create(HttpSettings.fromConfig(kit.system().settings().config()).withPort(0).withName("resumable-http")));
    McpRegistry registry = McpRegistry.get(kit.system());
    registry.await(Kind.SERVER, "resumable", Duration.ofSeconds(10)).toCompletableFuture().get().orElseThrow();
    endpoint = URI.create(registry.await(Kind.TRANSPORT, "resumable-http", Duration.ofSeconds(10)).toCompletableFuture().get()
        .orElseThrow().config().get("url").orElseThrow().asText() + "/resumable");
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static ObjectNode schema(String json) {
    return (ObjectNode) JsonRpcCodec.parseTree(json).orElseThrow();
  }

  private record Event(String id, String data) {}

  /** The next SSE event with data, or empty at the end of the stream. */
  private static Event next(BufferedReader in) throws Exception {
    String id = null;
    StringBuilder data = new StringBuilder();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isEmpty()) {
        if (data.length() > 0) {
          return new Event(id, data.toString());
        }
        continue;
      }
      if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("data: ")) {
        data.append(line.substring(6));
      }
    }
    return null;
  }

  private static HttpResponse<InputStream> post(String session, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private static String progressOrText(Event e) {
    JsonNode json = JsonRpcCodec.parseTree(e.data()).orElseThrow();
    return switch (json.path("method").asText()) {
      case "notifications/progress" -> "progress " + json.at("/params/progress").asInt();
      case "notifications/message" -> json.at("/params/level").asText() + ": " + json.at("/params/data").asText();
      default -> json.at("/result/content/0/text").asText();
    };
  }

  /**
   * Calls {@code steps} with {@code steps} steps, reads {@code before} messages, drops the stream,
   * lets the tool finish, resumes after the last message read, and returns every message seen
   * and the ids of those seen after resuming.
   */
  private static List<List<String>> dropAndResume(String release, int steps, int before) throws Exception {
    HttpResponse<InputStream> init = post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
        + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    init.body().close();

    HttpResponse<InputStream> call = post(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{"
        + "\"name\":\"steps\",\"arguments\":{\"release\":\"" + release + "\",\"steps\":" + steps + "},\"_meta\":{\"progressToken\":\"p\"}}}");
    List<String> seen = new ArrayList<>();
    String lastId = null;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(call.body(), StandardCharsets.UTF_8))) {
      for (int i = 0; i < before; i++) {
        Event e = next(in);
        seen.add(progressOrText(e));
        lastId = e.id();
      }
    } // the client drops the stream here, before the tool goes on
    releases.get(release).complete(null);

    HttpResponse<InputStream> resumed = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
        .header("Accept", "text/event-stream").header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25")
        .header("Last-Event-ID", lastId).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    List<String> ids = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(resumed.body(), StandardCharsets.UTF_8))) {
      for (Event e = next(in); e != null; e = next(in)) {
        seen.add(progressOrText(e));
        ids.add(e.id() == null ? "" : e.id().substring(e.id().lastIndexOf('-') + 1));
      }
    }
    return List.of(seen, ids);
  }

  @Test
  void aClientThatDropsItsStreamGetsWhatItMissedExactlyOnceAfterLastEventId() throws Exception {
    List<List<String>> got = dropAndResume("kept", 4, 2);
    assertEquals(List.of("progress 1", "progress 2", "progress 3", "progress 4", "all steps done"), got.get(0));
    assertEquals(List.of("3", "4", "5"), got.get(1));
  }

  @Test
  void aClientThatMissedMoreThanTheStreamKeepsIsToldHowManyItLost() throws Exception {
    List<List<String>> got = dropAndResume("overflowing", 6, 1);
    assertTrue(got.get(0).get(1).startsWith("warning: 3 messages of this stream were lost"), got.get(0)::toString);
    assertEquals(List.of("progress 1", "progress 5", "progress 6", "all steps done"),
        List.of(got.get(0).get(0), got.get(0).get(2), got.get(0).get(3), got.get(0).get(4)));
    assertEquals(List.of("", "5", "6", "7"), got.get(1));
  }
}

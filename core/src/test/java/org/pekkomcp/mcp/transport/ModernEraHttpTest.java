/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.server.LogLevel;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.Resource;
import org.pekkomcp.mcp.server.ResourceContents;
import org.pekkomcp.mcp.server.ServerDefinition;
import org.pekkomcp.mcp.server.Tool;
import org.pekkomcp.mcp.server.ToolResult;
import org.pekkomcp.mcp.transport.http.HttpSettings;
import org.pekkomcp.mcp.transport.http.HttpTransport;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;

/**
 * The stateless 2026-07-28 era on the same endpoint as the legacy sessions: requests that carry
 * their own {@code _meta}, the headers that must mirror the body, the errors for bad input, the
 * {@code subscriptions/listen} stream, and cancellation by closing a request's stream.
 */
class ModernEraHttpTest {

  private static final ActorTestKit kit = ActorTestKit.create();
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
      + "\"io.modelcontextprotocol/clientCapabilities\":{},\"io.modelcontextprotocol/clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}";
  private static final CompletableFuture<Void> longCallCancelled = new CompletableFuture<>();
  private static ActorRef<McpServer.Command> server;
  private static String url;

  @BeforeAll
  static void start() throws Exception {
    server = kit.spawn(McpServer.create(ServerDefinition.of("modern", "2.0")
        .withInstructions("stateless")
        .withTool(Tool.of("echo", "echoes", Tool.emptySchema(), call -> CompletableFuture.completedFuture(ToolResult.text("echo"))))
        .withTool(Tool.of("logs", "logs", Tool.emptySchema(), call -> {
          call.context().log(LogLevel.INFO, "a log line");
          return CompletableFuture.supplyAsync(() -> ToolResult.text("logged"));
        }))
        .withTool(Tool.of("long", "runs until cancelled", Tool.emptySchema(), call -> {
          call.context().progress(1, 10);
          call.context().cancellation().thenRun(() -> longCallCancelled.complete(null));
          return new CompletableFuture<>();
        }))
        .withResource(Resource.of("test://r", "r", "a resource", "text/plain",
            read -> CompletableFuture.completedFuture(ResourceContents.text(read.uri(), "text/plain", "r"))))));
    // A short keep-alive: a server notices a closed connection when it next writes to it.
    kit.spawn(HttpTransport.create(HttpSettings.fromConfig(ConfigFactory.parseString("mcp.transport.http.sse-keep-alive = 200ms")
        .withFallback(kit.system().settings().config())).withPort(0).withName("modern-http")));
    McpRegistry registry = McpRegistry.get(kit.system());
    registry.await(Kind.SERVER, "modern", Duration.ofSeconds(5)).toCompletableFuture().get().orElseThrow();
    url = registry.await(Kind.TRANSPORT, "modern-http", Duration.ofSeconds(10)).toCompletableFuture().get()
        .orElseThrow().config().get("url").orElseThrow().asText() + "/modern";
  }

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  private static HttpRequest.Builder post(String method, String paramsWithoutMeta, int id) {
    String params = paramsWithoutMeta.isEmpty() ? "{" + META + "}" : "{" + paramsWithoutMeta + "," + META + "}";
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .header("MCP-Protocol-Version", "2026-07-28")
        .header("Mcp-Method", method)
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}"));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JsonRpc.MAPPER.readTree(response.body());
  }

  private static void assertError(HttpResponse<String> response, int status, int code, int id) throws Exception {
    assertEquals(status, response.statusCode(), response::body);
    JsonNode body = json(response);
    assertEquals(code, body.path("error").path("code").asInt(), response::body);
    assertEquals(id, body.path("id").asInt(), () -> "the error names the request: " + response.body());
  }

  @Test
  void discoverAndCallStatelesslyBesideLegacySessions() throws Exception {
    HttpResponse<String> discover = send(post("server/discover", "", 1));
    assertEquals(200, discover.statusCode(), discover::body);
    assertTrue(discover.headers().firstValue("Mcp-Session-Id").isEmpty(), "no session in the modern era");
    JsonNode result = json(discover).get("result");
    assertEquals("complete", result.get("resultType").asText());
    assertEquals("2026-07-28", result.get("supportedVersions").get(0).asText());
    assertTrue(result.get("capabilities").has("tools"));
    assertEquals("modern", result.get("_meta").get("io.modelcontextprotocol/serverInfo").get("name").asText());
    assertEquals("stateless", result.get("instructions").asText());

    JsonNode tools = json(send(post("tools/list", "", 2))).get("result");
    assertEquals("complete", tools.get("resultType").asText());
    assertTrue(tools.get("ttlMs").asLong() >= 0);
    assertEquals("public", tools.get("cacheScope").asText());

    JsonNode call = json(send(post("tools/call", "\"name\":\"echo\"", 3).header("Mcp-Name", "echo"))).get("result");
    assertEquals("echo", call.get("content").get(0).get("text").asText());
    assertEquals("complete", call.get("resultType").asText());

    // The same endpoint still serves a legacy session.
    HttpResponse<String> initialize = http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("2025-11-25", json(initialize).get("result").get("protocolVersion").asText());
    assertFalse(json(initialize).get("result").has("resultType"), "legacy results keep their legacy shape");
    assertTrue(initialize.headers().firstValue("Mcp-Session-Id").isPresent());
    // The modern era has no GET stream: a GET naming 2026-07-28 is refused, not served as a session's.
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
        .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Session-Id", initialize.headers().firstValue("Mcp-Session-Id").get())
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(400, get.statusCode(), get::body);
  }

  @Test
  void badInputGetsClearErrorsAndTheServerKeepsServing() throws Exception {
    // Header and body disagree: -32020, 400.
    assertError(send(post("tools/call", "\"name\":\"echo\"", 10).header("Mcp-Name", "other")), 400, JsonRpc.HEADER_MISMATCH, 10);
    assertError(send(post("tools/call", "\"name\":\"echo\"", 11)), 400, JsonRpc.HEADER_MISMATCH, 11);
    assertError(send(post("tools/list", "", 12).setHeader("Mcp-Method", "prompts/list")), 400, JsonRpc.HEADER_MISMATCH, 12);
    assertError(send(post("tools/list", "", 13).setHeader("MCP-Protocol-Version", "2025-11-25")), 400, JsonRpc.HEADER_MISMATCH, 13);
    // A base64-encoded name is decoded before it is compared.
    String encoded = "=?base64?" + Base64.getEncoder().encodeToString("echo".getBytes(StandardCharsets.UTF_8)) + "?=";
    assertEquals(200, send(post("tools/call", "\"name\":\"echo\"", 14).header("Mcp-Name", encoded)).statusCode());

    // An unknown version: -32022 with the versions spoken.
    HttpResponse<String> unknown = send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .header("MCP-Protocol-Version", "1900-01-01").header("Mcp-Method", "tools/list")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":15,\"method\":\"tools/list\",\"params\":{\"_meta\":"
            + "{\"io.modelcontextprotocol/protocolVersion\":\"1900-01-01\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}")));
    assertError(unknown, 400, JsonRpc.UNSUPPORTED_PROTOCOL_VERSION, 15);
    assertEquals("1900-01-01", json(unknown).get("error").get("data").get("requested").asText());
    assertTrue(json(unknown).get("error").get("data").get("supported").toString().contains("2026-07-28"));

    // A modern header without the _meta it promises: -32602.
    HttpResponse<String> noMeta = send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/list")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":16,\"method\":\"tools/list\",\"params\":{}}")));
    assertError(noMeta, 400, JsonRpc.INVALID_PARAMS, 16);

    // Methods the revision removed, and unknown ones: 404 with -32601.
    assertError(send(post("ping", "", 17)), 404, JsonRpc.METHOD_NOT_FOUND, 17);
    assertError(send(post("logging/setLevel", "\"level\":\"info\"", 18)), 404, JsonRpc.METHOD_NOT_FOUND, 18);
    assertError(send(post("no/such", "", 19)), 404, JsonRpc.METHOD_NOT_FOUND, 19);

    // An unknown resource is invalid params in this revision, naming the URI.
    HttpResponse<String> missing = send(post("resources/read", "\"uri\":\"test://missing\"", 20).header("Mcp-Name", "test://missing"));
    assertEquals(JsonRpc.INVALID_PARAMS, json(missing).get("error").get("code").asInt(), missing::body);
    assertEquals("test://missing", json(missing).get("error").get("data").get("uri").asText());
    JsonNode read = json(send(post("resources/read", "\"uri\":\"test://r\"", 21).header("Mcp-Name", "test://r"))).get("result");
    assertEquals("r", read.get("contents").get(0).get("text").asText());
    assertEquals("public", read.get("cacheScope").asText());

    assertEquals("echo", json(send(post("tools/call", "\"name\":\"echo\"", 22).header("Mcp-Name", "echo")))
        .get("result").get("content").get(0).get("text").asText());
  }

  @Test
  void logsReachOnlyRequestsThatAskForThem() throws Exception {
    HttpResponse<String> quiet = send(post("tools/call", "\"name\":\"logs\"", 30).header("Mcp-Name", "logs"));
    assertFalse(quiet.body().contains("notifications/message"), quiet::body);
    HttpResponse<String> loud = send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call").header("Mcp-Name", "logs")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":31,\"method\":\"tools/call\",\"params\":{\"name\":\"logs\","
            + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},"
            + "\"io.modelcontextprotocol/logLevel\":\"debug\"}}}")));
    assertTrue(loud.body().contains("notifications/message") && loud.body().contains("a log line"), loud::body);
    assertTrue(loud.body().contains("\"resultType\":\"complete\""), loud::body);
  }

  @Test
  void aListenStreamIsAcknowledgedAndCarriesWhatItAskedFor() throws Exception {
    HttpResponse<InputStream> listen = http.send(post("subscriptions/listen",
        "\"notifications\":{\"toolsListChanged\":true,\"promptsListChanged\":true}", 40).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, listen.statusCode());
    try (BufferedReader events = new BufferedReader(new InputStreamReader(listen.body(), StandardCharsets.UTF_8))) {
      JsonNode ack = nextEvent(events);
      assertEquals("notifications/subscriptions/acknowledged", ack.get("method").asText());
      assertEquals(40, ack.get("params").get("_meta").get("io.modelcontextprotocol/subscriptionId").asInt());
      assertTrue(ack.get("params").get("notifications").get("toolsListChanged").asBoolean());
      assertFalse(ack.get("params").get("notifications").has("promptsListChanged"), "the server has no prompts: " + ack);

      server.tell(new McpServer.PutResource(Resource.of("test://new", "new", "not asked for", "text/plain",
          read -> CompletableFuture.completedFuture(ResourceContents.text(read.uri(), "text/plain", "n")))));
      server.tell(new McpServer.PutTool(Tool.of("added", "added", Tool.emptySchema(),
          call -> CompletableFuture.completedFuture(ToolResult.text("added")))));
      JsonNode changed = nextEvent(events);
      assertEquals("notifications/tools/list_changed", changed.get("method").asText(), "resources were not asked for: " + changed);
      assertEquals(40, changed.get("params").get("_meta").get("io.modelcontextprotocol/subscriptionId").asInt());
    }
  }

  @Test
  void closingARequestsStreamCancelsIt() throws Exception {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":50,\"method\":\"tools/call\",\"params\":{\"name\":\"long\","
        + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},"
        + "\"progressToken\":\"p\"}}}";
    URI uri = URI.create(url);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    // A raw socket, so that closing it closes the connection at once (an HTTP client may keep it).
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.getOutputStream().write(("POST " + uri.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
          + "MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/call\r\nMcp-Name: long\r\n"
          + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      BufferedReader events = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("notifications/progress", nextEvent(events).get("method").asText());
      assertFalse(longCallCancelled.isDone());
    }
    longCallCancelled.get(10, TimeUnit.SECONDS);
  }

  /** The next SSE event's data, skipping keep-alive comments. */
  private static JsonNode nextEvent(BufferedReader events) throws Exception {
    for (String line = events.readLine(); line != null; line = events.readLine()) {
      if (line.startsWith("data: ")) {
        return JsonRpc.MAPPER.readTree(line.substring("data: ".length()));
      }
    }
    throw new AssertionError("the stream ended");
  }
}

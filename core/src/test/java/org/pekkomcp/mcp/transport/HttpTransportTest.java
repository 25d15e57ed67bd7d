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
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.server.LogLevel;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.ServerDefinition;
import org.pekkomcp.mcp.server.Tool;
import org.pekkomcp.mcp.server.ToolResult;
import org.pekkomcp.mcp.transport.http.HttpSettings;
import org.pekkomcp.mcp.transport.http.HttpTransport;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Registration;

/** The Streamable HTTP endpoint at the HTTP level: statuses, headers, sessions, streams, security. */
class HttpTransportTest {

  /** A short failover wait: a request for a stopped server is answered with an error in time. */
  private static final ActorTestKit kit = ActorTestKit.create(
      ConfigFactory.parseString("mcp.transport.failover-wait = 1s").withFallback(ConfigFactory.load()));
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static String base;
  private static String securedBase;
  private static ActorRef<McpServer.Command> alpha;

  @BeforeAll
  static void start() throws Exception {
    alpha = kit.spawn(McpServer.create(definition("alpha")));
    kit.spawn(McpServer.create(ServerDefinition.of("beta", "1").withTool(Tool.of("only_beta", "b", Tool.emptySchema(),
        call -> CompletableFuture.completedFuture(ToolResult.text("beta"))))));
    HttpSettings settings = HttpSettings.fromConfig(kit.system().settings().config()).withPort(0);
    kit.spawn(HttpTransport.create(settings.withName("http-test").withMaxBodyBytes(2048)));
    kit.spawn(HttpTransport.create(settings.withName("http-test-secured").withBearerToken("s3cret")));
    base = url("http-test");
    securedBase = url("http-test-secured");
    McpRegistry.get(kit.system()).await(Kind.SERVER, "alpha", Duration.ofSeconds(5)).toCompletableFuture().get();
    McpRegistry.get(kit.system()).await(Kind.SERVER, "beta", Duration.ofSeconds(5)).toCompletableFuture().get();
  }

  private static String url(String transportName) throws Exception {
    Registration r = McpRegistry.get(kit.system()).await(Kind.TRANSPORT, transportName, Duration.ofSeconds(10))
        .toCompletableFuture().get().orElseThrow();
    return r.config().get("url").orElseThrow().asText();
  }

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  static ServerDefinition definition(String name) {
    return ServerDefinition.of(name, "1")
        .withTool(Tool.of("echo", "echoes", Tool.emptySchema(),
            call -> CompletableFuture.completedFuture(ToolResult.text("echo"))))
        .withTool(Tool.of("steps", "reports progress", Tool.emptySchema(), call -> {
          call.context().progress(1, 2);
          call.context().log(LogLevel.WARNING, "half way");
          call.context().progress(2, 2);
          return CompletableFuture.supplyAsync(() -> ToolResult.text("stepped"));
        }));
  }

  private static HttpRequest.Builder post(String url, String body) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JsonRpc.MAPPER.readTree(response.body());
  }

  private static String initialize(String url, String version) throws Exception {
    HttpResponse<String> r = send(post(url, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
        + version + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"));
    assertEquals(200, r.statusCode(), r::body);
    assertEquals(version, json(r).get("result").get("protocolVersion").asText());
    String session = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertTrue(session.matches("[0-9a-f]{32}"), session);
    HttpResponse<String> initialized = send(post(url, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
        .header("Mcp-Session-Id", session));
    assertEquals(202, initialized.statusCode());
    assertEquals("", initialized.body());
    return session;
  }

  private static HttpResponse<String> call(String url, String session, String body) throws Exception {
    return send(post(url, body).header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25"));
  }

  @Test
  void aSessionStartsWithInitializeAndEndsWithDelete() throws Exception {
    String session = initialize(base + "/alpha", "2025-11-25");
    HttpResponse<String> list = call(base + "/alpha", session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
    assertEquals(200, list.statusCode());
    assertTrue(list.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
    assertEquals(2, json(list).get("result").get("tools").size());

    HttpResponse<String> deleted = send(HttpRequest.newBuilder(URI.create(base + "/alpha")).DELETE().header("Mcp-Session-Id", session));
    assertEquals(200, deleted.statusCode());
    assertEquals(404, call(base + "/alpha", session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}").statusCode());
  }

  @Test
  void theEndpointAlsoAnswersWithAnMcpSuffix() throws Exception {
    // The MCP Inspector CLI rewrites URLs that do not end in /mcp; /mcp/<server>/mcp keeps it happy.
    String session = initialize(base + "/alpha/mcp", "2025-11-25");
    assertEquals(200, call(base + "/alpha", session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").statusCode());
    assertEquals(404, send(post(base + "/alpha/other", "{}")).statusCode());
  }

  @Test
  void sessionErrors() throws Exception {
    HttpResponse<String> noSession = send(post(base + "/alpha", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
    assertEquals(400, noSession.statusCode());
    assertEquals(JsonRpc.INVALID_REQUEST, json(noSession).get("error").get("code").asInt());
    assertEquals(404, call(base + "/alpha", "0123", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").statusCode());
    // A session belongs to the server it was created for.
    String session = initialize(base + "/alpha", "2025-11-25");
    assertEquals(404, call(base + "/beta", session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").statusCode());
    HttpResponse<String> noServer = send(post(base + "/nobody", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}"));
    assertEquals(404, noServer.statusCode());
    assertTrue(json(noServer).get("error").get("message").asText().contains("nobody"));
    assertEquals(404, send(post(base.replace("/mcp", "/other") + "/alpha", "{}")).statusCode());
  }

  @Test
  void malformedAndRefusedRequests() throws Exception {
    HttpResponse<String> parse = send(post(base + "/alpha", "{oops"));
    assertEquals(400, parse.statusCode());
    assertEquals(JsonRpc.PARSE_ERROR, json(parse).get("error").get("code").asInt());
    assertFalse(json(parse).has("id"));
    assertEquals(413, send(post(base + "/alpha", "{\"pad\":\"" + "x".repeat(4096) + "\"}")).statusCode());
    // Without a Content-Length (chunked), the limit is enforced while reading.
    byte[] big = ("{\"pad\":\"" + "x".repeat(4096) + "\"}").getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> chunked = send(post(base + "/alpha", "").POST(HttpRequest.BodyPublishers.ofInputStream(
        () -> new java.io.ByteArrayInputStream(big))));
    assertEquals(413, chunked.statusCode(), chunked::body);
    assertEquals(415, send(post(base + "/alpha", "{}").setHeader("Content-Type", "text/plain")).statusCode());
    assertEquals(400, send(post(base + "/alpha", "{}").header("MCP-Protocol-Version", "1999-01-01")).statusCode());
    assertEquals(405, send(HttpRequest.newBuilder(URI.create(base + "/alpha")).PUT(HttpRequest.BodyPublishers.ofString("{}"))).statusCode());
    String session = initialize(base + "/alpha", "2025-11-25");
    HttpResponse<String> unknown = call(base + "/alpha", session, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"nope\"}");
    assertEquals(200, unknown.statusCode());
    assertEquals(JsonRpc.METHOD_NOT_FOUND, json(unknown).get("error").get("code").asInt());
    HttpResponse<String> batch = call(base + "/alpha", session, "[{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\"}]");
    assertEquals(JsonRpc.INVALID_REQUEST, json(batch).get("error").get("code").asInt());
  }

  @Test
  void batchesWork20250326() throws Exception {
    String session = initialize(base + "/alpha", "2025-03-26");
    HttpResponse<String> batch = send(post(base + "/alpha",
        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}]")
        .header("Mcp-Session-Id", session));
    assertEquals(200, batch.statusCode());
    assertEquals(2, json(batch).size(), batch::body);
  }

  @Test
  void dnsRebindingIsRefused() throws Exception {
    assertEquals(403, send(post(base + "/alpha", "{}").header("Origin", "http://evil.example.com")).statusCode());
    assertEquals(403, send(post(base + "/alpha", "{}").header("Origin", "null")).statusCode());
    URI uri = URI.create(base);
    assertEquals(403, rawStatus(uri, "evil.example.com"));
    assertEquals(400, rawStatus(uri, "localhost:" + uri.getPort())); // allowed host, then: no session
    initialize(base + "/alpha", "2025-11-25"); // and Origin http://localhost is fine:
    assertEquals(200, send(post(base + "/alpha", "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}")
        .header("Origin", "http://localhost:6274")).statusCode());
  }

  /** The JDK client will not send a forged Host header, so this speaks HTTP/1.1 by hand. */
  private static int rawStatus(URI uri, String hostHeader) throws Exception {
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(5000);
      String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + uri.getPath() + "/alpha HTTP/1.1\r\nHost: " + hostHeader + "\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String status = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  @Test
  void bearerTokenIsRequiredWhenConfigured() throws Exception {
    String init = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}";
    HttpResponse<String> without = send(post(securedBase + "/alpha", init));
    assertEquals(401, without.statusCode());
    assertEquals("Bearer", without.headers().firstValue("WWW-Authenticate").orElseThrow());
    assertEquals(401, send(post(securedBase + "/alpha", init).header("Authorization", "Bearer wrong")).statusCode());
    assertEquals(200, send(post(securedBase + "/alpha", init).header("Authorization", "Bearer s3cret")).statusCode());
  }

  @Test
  void progressTurnsThePostIntoAnSseStream() throws Exception {
    String session = initialize(base + "/alpha", "2025-11-25");
    HttpResponse<Stream<String>> r = http.send(post(base + "/alpha",
            "{\"jsonrpc\":\"2.0\",\"id\":\"s\",\"method\":\"tools/call\",\"params\":{\"name\":\"steps\",\"_meta\":{\"progressToken\":1}}}")
            .header("Mcp-Session-Id", session).build(), HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
    List<String> data = new ArrayList<>();
    for (String line : (Iterable<String>) r.body()::iterator) {
      if (line.startsWith("data: ")) {
        data.add(line.substring(6));
      }
    }
    // The priming event of a resumable stream has no data; the stream ended by itself after the answer.
    assertEquals("", data.get(0), data::toString);
    List<JsonNode> events = new ArrayList<>();
    for (String json : data.subList(1, data.size())) {
      events.add(JsonRpc.MAPPER.readTree(json));
    }
    assertEquals(4, events.size(), events::toString);
    assertEquals("notifications/progress", events.get(0).get("method").asText());
    assertEquals("notifications/message", events.get(1).get("method").asText());
    assertEquals(2.0, events.get(2).get("params").get("progress").asDouble());
    assertEquals("stepped", events.get(3).get("result").get("content").get(0).get("text").asText());
  }

  @Test
  void theGetStreamCarriesListChanged() throws Exception {
    String session = initialize(base + "/alpha", "2025-11-25");
    assertEquals(406, send(HttpRequest.newBuilder(URI.create(base + "/alpha")).GET().header("Mcp-Session-Id", session)
        .header("Accept", "application/json")).statusCode());
    HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(URI.create(base + "/alpha")).GET()
        .header("Mcp-Session-Id", session).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, stream.statusCode());
    // Make the server know this session (it learns sessions from their messages), then change its tools.
    assertEquals(200, call(base + "/alpha", session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").statusCode());
    alpha.tell(new McpServer.PutTool(Tool.of("added", "later", Tool.emptySchema(),
        call -> CompletableFuture.completedFuture(ToolResult.text("added")))));
    CompletableFuture<String> event = CompletableFuture.supplyAsync(() ->
        stream.body().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow());
    JsonNode changed = JsonRpc.MAPPER.readTree(event.get(10, TimeUnit.SECONDS).substring(6));
    assertEquals("notifications/tools/list_changed", changed.get("method").asText());
    alpha.tell(new McpServer.RemoveTool("added"));
  }

  @Test
  void oneEndpointServesManyServersAndFollowsThemByName() throws Exception {
    String toBeta = initialize(base + "/beta", "2025-11-25");
    JsonNode betaTools = json(call(base + "/beta", toBeta, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
    assertEquals("only_beta", betaTools.get("result").get("tools").get(0).get("name").asText());

    ActorRef<McpServer.Command> gamma = kit.spawn(McpServer.create(definition("gamma")));
    McpRegistry.get(kit.system()).await(Kind.SERVER, "gamma", Duration.ofSeconds(5)).toCompletableFuture().get();
    String session = initialize(base + "/gamma", "2025-11-25");
    kit.stop(gamma);
    kit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
      assertTrue(McpRegistry.get(kit.system()).whereis(Kind.SERVER, "gamma").isEmpty());
      return null;
    });
    HttpResponse<String> gone = call(base + "/gamma", session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
    assertEquals(200, gone.statusCode());
    assertEquals(JsonRpc.INTERNAL_ERROR, json(gone).get("error").get("code").asInt());
    assertTrue(json(gone).get("error").get("message").asText().contains("waited 1s"), gone::body);
    kit.spawn(McpServer.create(definition("gamma")));
    McpRegistry.get(kit.system()).await(Kind.SERVER, "gamma", Duration.ofSeconds(5)).toCompletableFuture().get();
    HttpResponse<String> back = call(base + "/gamma", session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
    assertEquals(2, json(back).get("result").get("tools").size(), back::body);
  }

  @Test
  void defaultsAreLoopbackOnlyWithLocalHostsAllowed() {
    HttpSettings defaults = HttpSettings.fromConfig(kit.system().settings().config());
    assertEquals("127.0.0.1", defaults.host());
    assertEquals(java.util.Set.of("localhost", "127.0.0.1", "[::1]"), defaults.allowedHosts());
    assertTrue(defaults.bearerToken().isEmpty());
    assertEquals(4L * 1024 * 1024, defaults.maxBodyBytes());
  }

  @Test
  void theEndpointIsRegisteredAsATransportOnLoopback() {
    Registration r = McpRegistry.get(kit.system()).whereis(Kind.TRANSPORT, "http-test").orElseThrow();
    assertEquals("streamable-http", r.config().get("transport").orElseThrow().asText());
    assertTrue(r.config().get("url").orElseThrow().asText().startsWith("http://127.0.0.1:"));
  }
}

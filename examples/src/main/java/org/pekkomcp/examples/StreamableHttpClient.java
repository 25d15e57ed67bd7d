/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The smallest MCP client over Streamable HTTP, for the cluster demo: the handshake
 * ({@code initialize}, then {@code notifications/initialized} with the {@code Mcp-Session-Id} it
 * got), requests in that session, and DELETE at the end. It prints each exchange, so the demo's
 * output shows the protocol itself. Real applications use an MCP SDK; the tests use the official
 * Java SDK.
 */
final class StreamableHttpClient implements AutoCloseable {

  private static final String VERSION = "2025-11-25";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final URI url;
  private final Consumer<String> out;
  private String sessionId = "";
  private int nextId = 1;

  private StreamableHttpClient(URI url, Consumer<String> out) {
    this.url = url;
    this.out = out;
  }

  /** Connects and initializes a session with the server at {@code url} ({@code .../mcp/<server>}). */
  static StreamableHttpClient connect(String url, Consumer<String> out) throws IOException, InterruptedException {
    StreamableHttpClient client = new StreamableHttpClient(URI.create(url), out);
    HttpResponse<String> init = client.post("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
        + "\"protocolVersion\":\"" + VERSION + "\",\"capabilities\":{},"
        + "\"clientInfo\":{\"name\":\"cluster-demo\",\"version\":\"1\"}}}");
    client.sessionId = init.headers().firstValue("Mcp-Session-Id")
        .orElseThrow(() -> new IOException("initialize was not answered with a session: " + init.statusCode() + " " + init.body()));
    client.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    return client;
  }

  /** Sends a request and returns the JSON-RPC answer. */
  String call(String method, String params) throws IOException, InterruptedException {
    return body(post("{\"jsonrpc\":\"2.0\",\"id\":" + nextId++ + ",\"method\":\"" + method + "\",\"params\":" + params + "}"));
  }

  private HttpResponse<String> post(String json) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (!sessionId.isEmpty()) {
      request.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", VERSION);
    }
    out.accept("  -> POST " + url.getPath() + " " + json);
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    out.accept("  <- " + response.statusCode() + (response.body().isEmpty() ? "" : " " + body(response).strip()));
    return response;
  }

  /** The answer in a JSON body, or the last event of an SSE body (notifications come before it). */
  private static String body(HttpResponse<String> response) {
    if (!response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
      return response.body();
    }
    String last = "";
    for (String line : response.body().split("\n")) {
      if (line.startsWith("data:")) {
        last = line.substring("data:".length()).strip();
      }
    }
    return last;
  }

  @Override
  public void close() throws IOException {
    out.accept("  -> DELETE " + url.getPath() + " (end the session)");
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
          .header("Mcp-Session-Id", sessionId).DELETE().build(), HttpResponse.BodyHandlers.discarding());
      out.accept("  <- " + response.statusCode());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while ending the session", e);
    }
  }
}

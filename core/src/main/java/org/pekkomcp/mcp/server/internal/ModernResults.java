/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Response;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.ProtocolVersions;
import org.pekkomcp.mcp.server.RequestMeta;

/**
 * The shape 2026-07-28 gives results: every one says what it is ({@code resultType}), and list
 * results say how long a client may cache them ({@code ttlMs}, {@code cacheScope}).
 *
 * <p>Lists are cacheable for 0 ms: a server's tools, resources and prompts can change at any
 * moment ({@link McpServer.PutTool} and the like), and a client that wants to hear of changes
 * opens a {@code subscriptions/listen} stream. They are {@code public}: a server offers the same
 * lists to every client.
 */
final class ModernResults {

  static final String COMPLETE = "complete";
  static final long LIST_TTL_MS = 0;

  private ModernResults() {}

  /** {@code message} with {@code resultType: "complete"} on its result, if it is a result response. */
  static JsonRpcMessage complete(JsonRpcMessage message) {
    if (message instanceof Response response && response.result() instanceof ObjectNode result && !result.has("resultType")) {
      ObjectNode typed = result.deepCopy();
      typed.put("resultType", COMPLETE);
      return new Response(response.id(), typed);
    }
    return message;
  }

  static ObjectNode cacheable(ObjectNode result) {
    result.put("ttlMs", LIST_TTL_MS);
    result.put("cacheScope", "public");
    return result;
  }

  /** The {@code server/discover} result. */
  static ObjectNode discover(ObjectNode capabilities, ObjectNode serverInfo, Optional<String> instructions) {
    ObjectNode result = JsonRpcCodec.object();
    ProtocolVersions.SUPPORTED.forEach(result.putArray("supportedVersions")::add);
    result.set("capabilities", capabilities);
    instructions.ifPresent(i -> result.put("instructions", i));
    result.putObject("_meta").set(RequestMeta.SERVER_INFO, serverInfo);
    return cacheable(result);
  }
}

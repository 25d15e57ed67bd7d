/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;

/**
 * The answer to a tool call. A tool that fails answers with {@code isError = true}: that is a
 * result the model can read, not a protocol error.
 *
 * @param content content blocks (see {@link Content})
 * @param structuredContent an optional JSON object matching the tool's output schema
 * @param isError whether the tool failed
 */
public record ToolResult(ArrayNode content, Optional<ObjectNode> structuredContent, boolean isError) {

  public ToolResult {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(structuredContent, "structuredContent");
    content = content.deepCopy();
    structuredContent = structuredContent.map(ObjectNode::deepCopy);
  }

  /** A successful result of the given content blocks. */
  public static ToolResult of(JsonNode... content) {
    ArrayNode blocks = JsonRpcCodec.array();
    for (JsonNode c : content) {
      blocks.add(c);
    }
    return new ToolResult(blocks, Optional.empty(), false);
  }

  public static ToolResult text(String text) {
    return of(Content.text(text));
  }

  /** A failed result whose one text block says why. */
  public static ToolResult error(String message) {
    return new ToolResult(of(Content.text(message)).content(), Optional.empty(), true);
  }

  public ToolResult withStructuredContent(ObjectNode structured) {
    return new ToolResult(content, Optional.of(structured), isError);
  }

  /** The {@code CallToolResult} JSON. */
  public ObjectNode toJson() {
    ObjectNode out = JsonRpcCodec.object();
    out.set("content", content.deepCopy());
    structuredContent.ifPresent(s -> out.set("structuredContent", s.deepCopy()));
    if (isError) {
      out.put("isError", true);
    }
    return out;
  }
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.server.Tool;
import org.pekkomcp.mcp.server.ToolResult;

/** A tool's results checked against its output schema before the client gets them. */
class CompiledToolTest {

  private static ObjectNode schema(String json) {
    return (ObjectNode) JsonRpcCodec.parseTree(json).orElseThrow();
  }

  @Test
  void structuredContentMustMatchTheOutputSchema() {
    Tool tool = Tool.of("t", "t", Tool.emptySchema(), call -> CompletableFuture.completedFuture(ToolResult.text("x")))
        .withOutputSchema(schema("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"]}"));
    CompiledTool compiled = CompiledTool.of(tool);
    ToolResult good = ToolResult.text("1").withStructuredContent(schema("{\"n\":1}"));
    assertEquals(good, compiled.checked(good));
    ToolResult bad = compiled.checked(ToolResult.text("one").withStructuredContent(schema("{\"n\":\"one\"}")));
    assertTrue(bad.isError());
    assertEquals("Invalid structured content from tool t: structuredContent/n: string found, integer expected",
        bad.content().get(0).get("text").asText());
    assertTrue(compiled.checked(ToolResult.text("none")).isError());
    ToolResult failed = ToolResult.error("the tool failed");
    assertEquals(failed, compiled.checked(failed), "an error result needs no structured content");
    assertFalse(CompiledTool.of(tool.withOutputSchema(schema("{}"))).checked(ToolResult.text("1")
        .withStructuredContent(schema("{\"any\":1}"))).isError());
    assertEquals(Optional.empty(), compiled.checked(failed).structuredContent());
  }
}

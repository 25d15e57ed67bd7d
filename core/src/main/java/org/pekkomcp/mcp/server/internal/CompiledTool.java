/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pekkomcp.mcp.server.Tool;
import org.pekkomcp.mcp.server.ToolResult;
import org.pekkomcp.mcp.server.ToolSchema;

/**
 * A tool as a server holds it: the tool and its schemas, compiled once when it is put there, so a
 * call costs a validation and never a compilation.
 */
record CompiledTool(Tool tool, ToolSchema input, Optional<ToolSchema> output, Map<String, String> headerParams) {

  /** @throws IllegalArgumentException when one of the tool's schemas is not a usable JSON Schema */
  static CompiledTool of(Tool tool) {
    try {
      return new CompiledTool(tool, ToolSchema.compile(tool.inputSchema()), tool.outputSchema().map(ToolSchema::compile),
          headerParams(tool));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tool " + tool.name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The arguments the tool asks HTTP clients to mirror in {@code Mcp-Param-<Name>} headers: from
   * {@code <Name>} to the argument, for each top-level property with {@code "x-mcp-header": "<Name>"}.
   */
  private static Map<String, String> headerParams(Tool tool) {
    Map<String, String> marked = new LinkedHashMap<>();
    tool.inputSchema().path("properties").fields().forEachRemaining(property -> {
      JsonNode header = property.getValue().get("x-mcp-header");
      if (header != null && header.isTextual()) {
        marked.put(header.textValue(), property.getKey());
      }
    });
    return Map.copyOf(marked);
  }

  /** The problems of a call's arguments; empty when they conform to the input schema. */
  List<String> argumentProblems(JsonNode arguments) {
    return input.problems(arguments, "arguments");
  }

  /**
   * The result the client gets: {@code result} itself, or, when the tool declares an output schema
   * and a successful result's {@code structuredContent} is missing or does not conform, an error
   * result that says so (the tool broke its own contract; the client must not get bad data).
   */
  ToolResult checked(ToolResult result) {
    if (output.isEmpty() || result.isError()) {
      return result;
    }
    if (result.structuredContent().isEmpty()) {
      return ToolResult.error("Tool " + tool.name() + " declares an outputSchema but returned no structuredContent");
    }
    List<String> problems = output.get().problems(result.structuredContent().get(), "structuredContent");
    return problems.isEmpty() ? result
        : ToolResult.error("Invalid structured content from tool " + tool.name() + ": " + String.join("; ", problems));
  }
}

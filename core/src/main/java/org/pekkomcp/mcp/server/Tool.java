/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;

/**
 * A tool: its listing and its handler. Arguments are checked against {@code inputSchema} before
 * the handler runs (see {@link ToolSchema}); the schema is listed exactly as given, so JSON
 * Schema 2020-12 keywords ({@code $schema}, {@code $defs}, ...) reach the client unchanged.
 *
 * @param name 1-128 characters of {@code [A-Za-z0-9_.-]}
 * @param annotations optional hints ({@code readOnlyHint}, ...), listed as given
 */
public record Tool(
    String name,
    Optional<String> title,
    Optional<String> description,
    ObjectNode inputSchema,
    Optional<ObjectNode> outputSchema,
    Optional<ObjectNode> annotations,
    Handler<ToolCall, ToolResult> handler) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");

  public Tool {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("tool name must be 1-128 characters of [A-Za-z0-9_.-], got \"" + name + "\"");
    }
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(inputSchema, "inputSchema");
    Objects.requireNonNull(outputSchema, "outputSchema");
    Objects.requireNonNull(annotations, "annotations");
    Objects.requireNonNull(handler, "handler");
    inputSchema = inputSchema.deepCopy();
    outputSchema = outputSchema.map(ObjectNode::deepCopy);
    annotations = annotations.map(ObjectNode::deepCopy);
  }

  /** A tool with a description and an input schema (use {@link #emptySchema()} for no arguments). */
  public static Tool of(String name, String description, ObjectNode inputSchema, Handler<ToolCall, ToolResult> handler) {
    return new Tool(name, Optional.empty(), Optional.of(description), inputSchema, Optional.empty(), Optional.empty(), handler);
  }

  /** {@code {"type":"object","properties":{}}}: a tool that takes no arguments. */
  public static ObjectNode emptySchema() {
    ObjectNode schema = JsonRpcCodec.object();
    schema.put("type", "object");
    schema.putObject("properties");
    return schema;
  }

  public Tool withTitle(String newTitle) {
    return new Tool(name, Optional.of(newTitle), description, inputSchema, outputSchema, annotations, handler);
  }

  public Tool withOutputSchema(ObjectNode schema) {
    return new Tool(name, title, description, inputSchema, Optional.of(schema), annotations, handler);
  }

  public Tool withAnnotations(ObjectNode newAnnotations) {
    return new Tool(name, title, description, inputSchema, outputSchema, Optional.of(newAnnotations), handler);
  }

  /** The {@code Tool} JSON of a listing. */
  public ObjectNode toJson() {
    ObjectNode out = JsonRpcCodec.object();
    out.put("name", name);
    title.ifPresent(t -> out.put("title", t));
    description.ifPresent(d -> out.put("description", d));
    out.set("inputSchema", inputSchema.deepCopy());
    outputSchema.ifPresent(s -> out.set("outputSchema", s.deepCopy()));
    annotations.ifPresent(a -> out.set("annotations", a.deepCopy()));
    return out;
  }
}

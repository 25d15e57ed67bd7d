/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;

/** A prompt template: listed by {@code prompts/list}, filled in by its handler on {@code prompts/get}. */
public record Prompt(
    String name,
    Optional<String> title,
    Optional<String> description,
    List<PromptArgument> arguments,
    Handler<PromptGet, PromptResult> handler) {

  public Prompt {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(handler, "handler");
    arguments = List.copyOf(arguments);
    if (name.isBlank()) {
      throw new IllegalArgumentException("prompt name must not be blank");
    }
  }

  public static Prompt of(String name, String description, List<PromptArgument> arguments,
      Handler<PromptGet, PromptResult> handler) {
    return new Prompt(name, Optional.empty(), Optional.of(description), arguments, handler);
  }

  /** The {@code Prompt} JSON of a listing. */
  public ObjectNode toJson() {
    ObjectNode out = JsonRpcCodec.object();
    out.put("name", name);
    title.ifPresent(t -> out.put("title", t));
    description.ifPresent(d -> out.put("description", d));
    if (!arguments.isEmpty()) {
      ArrayNode args = out.putArray("arguments");
      arguments.forEach(a -> args.add(a.toJson()));
    }
    return out;
  }
}

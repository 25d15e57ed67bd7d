/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;

/** The answer to {@code prompts/get}: an optional description and the messages. */
public record PromptResult(Optional<String> description, ArrayNode messages) {

  public PromptResult {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(messages, "messages");
    messages = messages.deepCopy();
  }

  /** A message for the list: {@code role} is {@code "user"} or {@code "assistant"}, content a block from {@link Content}. */
  public static ObjectNode message(String role, ObjectNode content) {
    ObjectNode m = JsonRpcCodec.object();
    m.put("role", role);
    m.set("content", content);
    return m;
  }

  public static PromptResult of(ObjectNode... messages) {
    ArrayNode list = JsonRpcCodec.array();
    for (ObjectNode m : messages) {
      list.add(m);
    }
    return new PromptResult(Optional.empty(), list);
  }

  public PromptResult withDescription(String text) {
    return new PromptResult(Optional.of(text), messages);
  }

  /** The {@code GetPromptResult} JSON. */
  public ObjectNode toJson() {
    ObjectNode out = JsonRpcCodec.object();
    description.ifPresent(d -> out.put("description", d));
    out.set("messages", messages.deepCopy());
    return out;
  }
}

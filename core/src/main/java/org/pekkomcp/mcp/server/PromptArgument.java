/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;

/** One argument a prompt takes; a required one must be present in {@code prompts/get}. */
public record PromptArgument(String name, Optional<String> description, boolean required) {

  public PromptArgument {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
  }

  public static PromptArgument required(String name, String description) {
    return new PromptArgument(name, Optional.of(description), true);
  }

  public static PromptArgument optional(String name, String description) {
    return new PromptArgument(name, Optional.of(description), false);
  }

  ObjectNode toJson() {
    ObjectNode out = JsonRpcCodec.object();
    out.put("name", name);
    description.ifPresent(d -> out.put("description", d));
    out.put("required", required);
    return out;
  }
}

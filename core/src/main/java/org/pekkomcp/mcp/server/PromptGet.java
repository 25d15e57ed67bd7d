/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import java.util.Map;
import java.util.Objects;

/**
 * One {@code prompts/get}, after its required arguments were found.
 *
 * @param arguments the argument values (MCP sends strings)
 */
public record PromptGet(String name, Map<String, String> arguments, RequestContext context) {
  public PromptGet {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(context, "context");
    arguments = Map.copyOf(arguments);
  }
}

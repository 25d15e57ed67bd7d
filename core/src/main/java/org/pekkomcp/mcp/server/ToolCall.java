/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One {@code tools/call}, after its arguments passed the tool's input schema.
 *
 * @param name the tool
 * @param arguments the arguments object (empty when the client sent none); the handler's own copy
 * @param context progress, logging and cancellation for this call
 */
public record ToolCall(String name, ObjectNode arguments, RequestContext context) {
  public ToolCall {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arguments, "arguments");
    Objects.requireNonNull(context, "context");
  }
}

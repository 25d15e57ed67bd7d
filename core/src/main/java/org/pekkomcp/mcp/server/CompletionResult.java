/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;

/** Suggested values (at most 100 are sent, as MCP requires), the total known, and whether more exist. */
public record CompletionResult(List<String> values, int total, boolean hasMore) {

  /** The most values one answer may carry. */
  public static final int MAX_VALUES = 100;

  public CompletionResult {
    Objects.requireNonNull(values, "values");
    values = List.copyOf(values.subList(0, Math.min(values.size(), MAX_VALUES)));
  }

  public static CompletionResult of(List<String> values) {
    return new CompletionResult(values, values.size(), values.size() > MAX_VALUES);
  }

  /** The {@code CompleteResult} JSON. */
  public ObjectNode toJson() {
    ObjectNode out = JsonRpcCodec.object();
    ObjectNode c = out.putObject("completion");
    values.forEach(c.putArray("values")::add);
    c.put("total", total);
    c.put("hasMore", hasMore);
    return out;
  }
}

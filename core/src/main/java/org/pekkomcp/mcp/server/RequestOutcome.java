/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import java.util.Locale;

/**
 * How a request ended, as {@link McpInstrumentation} reports it: a result, a tool's error result
 * ({@code isError}), a 2026-07-28 {@code InputRequiredResult}, a JSON-RPC error by the class of its
 * code, or no answer at all because the client cancelled or its session stopped.
 */
public enum RequestOutcome {
  OK,
  TOOL_ERROR,
  INPUT_REQUIRED,
  PARSE_ERROR,
  INVALID_REQUEST,
  METHOD_NOT_FOUND,
  INVALID_PARAMS,
  INTERNAL_ERROR,
  /** A code in JSON-RPC's implementation-defined range, -32099 to -32000 (MCP's own, such as resource not found). */
  SERVER_ERROR,
  OTHER_ERROR,
  CANCELLED;

  private final String tag = name().toLowerCase(Locale.ROOT);

  /** The outcome's name as a metric tag: {@code ok}, {@code tool_error}, {@code invalid_params}, ... */
  public String tag() {
    return tag;
  }
}

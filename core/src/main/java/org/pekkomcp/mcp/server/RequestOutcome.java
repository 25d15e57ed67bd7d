/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import java.util.Locale;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.ErrorResponse;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Response;

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

  /** The outcome of a request answered with {@code answer}. */
  static RequestOutcome of(JsonRpcMessage answer) {
    if (answer instanceof ErrorResponse e) {
      return ofCode(e.error().code());
    }
    if (answer instanceof Response r) {
      if (r.result().path("isError").asBoolean(false)) {
        return TOOL_ERROR;
      }
      return "input_required".equals(r.result().path("resultType").asText()) ? INPUT_REQUIRED : OK;
    }
    return OTHER_ERROR;
  }

  static RequestOutcome ofCode(int code) {
    return switch (code) {
      case JsonRpc.PARSE_ERROR -> PARSE_ERROR;
      case JsonRpc.INVALID_REQUEST -> INVALID_REQUEST;
      case JsonRpc.METHOD_NOT_FOUND -> METHOD_NOT_FOUND;
      case JsonRpc.INVALID_PARAMS -> INVALID_PARAMS;
      case JsonRpc.INTERNAL_ERROR -> INTERNAL_ERROR;
      default -> code >= -32099 && code <= -32000 ? SERVER_ERROR : OTHER_ERROR;
    };
  }
}

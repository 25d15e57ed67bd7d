/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code error} member of a JSON-RPC error response. The message is written for the client:
 * it never carries a stack trace.
 *
 * @param code one of the codes in {@link JsonRpc}, or an application code
 * @param message a short description
 * @param data optional structured detail
 */
public record JsonRpcError(int code, String message, Optional<JsonNode> data) {

  public JsonRpcError {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(data, "data");
  }

  public static JsonRpcError of(int code, String message) {
    return new JsonRpcError(code, message, Optional.empty());
  }

  public static JsonRpcError parseError(String detail) {
    return of(JsonRpc.PARSE_ERROR, "Parse error: " + detail);
  }

  public static JsonRpcError invalidRequest(String detail) {
    return of(JsonRpc.INVALID_REQUEST, "Invalid request: " + detail);
  }

  public static JsonRpcError methodNotFound(String method) {
    return of(JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method);
  }

  public static JsonRpcError invalidParams(String detail) {
    return of(JsonRpc.INVALID_PARAMS, "Invalid params: " + detail);
  }

  public static JsonRpcError internalError(String detail) {
    return of(JsonRpc.INTERNAL_ERROR, "Internal error: " + detail);
  }
}

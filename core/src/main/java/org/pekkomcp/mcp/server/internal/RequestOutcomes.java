/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.ErrorResponse;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Response;
import org.pekkomcp.mcp.server.RequestOutcome;

/** Which {@link RequestOutcome} an answer is, for the report of each request's end. */
final class RequestOutcomes {

  private RequestOutcomes() {}

  /** The outcome of a request answered with {@code answer}. */
  static RequestOutcome of(JsonRpcMessage answer) {
    if (answer instanceof ErrorResponse e) {
      return ofCode(e.error().code());
    }
    if (answer instanceof Response r) {
      if (r.result().path("isError").asBoolean(false)) {
        return RequestOutcome.TOOL_ERROR;
      }
      return "input_required".equals(r.result().path("resultType").asText()) ? RequestOutcome.INPUT_REQUIRED : RequestOutcome.OK;
    }
    return RequestOutcome.OTHER_ERROR;
  }

  static RequestOutcome ofCode(int code) {
    return switch (code) {
      case JsonRpc.PARSE_ERROR -> RequestOutcome.PARSE_ERROR;
      case JsonRpc.INVALID_REQUEST -> RequestOutcome.INVALID_REQUEST;
      case JsonRpc.METHOD_NOT_FOUND -> RequestOutcome.METHOD_NOT_FOUND;
      case JsonRpc.INVALID_PARAMS -> RequestOutcome.INVALID_PARAMS;
      case JsonRpc.INTERNAL_ERROR -> RequestOutcome.INTERNAL_ERROR;
      default -> code >= -32099 && code <= -32000 ? RequestOutcome.SERVER_ERROR : RequestOutcome.OTHER_ERROR;
    };
  }
}

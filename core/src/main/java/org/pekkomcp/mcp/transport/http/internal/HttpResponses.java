/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcError;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.ErrorResponse;

/** The few response shapes the endpoint sends. */
final class HttpResponses {

  private HttpResponses() {}

  static HttpResponse json(StatusCode status, String json) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, json);
  }

  /** An HTTP error whose body is a JSON-RPC error, so MCP clients can show why. */
  static HttpResponse error(StatusCode status, int code, String message, Optional<JsonNode> id) {
    return json(status, JsonRpcCodec.encode(new ErrorResponse(id, JsonRpcError.of(code, message))));
  }

  static HttpResponse accepted() {
    return HttpResponse.create().withStatus(StatusCodes.ACCEPTED);
  }

  static HttpResponse plain(StatusCode status, String text) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.TEXT_PLAIN_UTF8, text);
  }
}

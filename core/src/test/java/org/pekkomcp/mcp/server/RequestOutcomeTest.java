/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcError;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.ErrorResponse;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Response;

/** The tags a request's end is reported with: a fixed set, whatever the client sends. */
class RequestOutcomeTest {

  private static final JsonNode ID = JsonRpc.MAPPER.getNodeFactory().numberNode(1);

  @Test
  void errorsAreTaggedByTheClassOfTheirCode() {
    assertEquals(RequestOutcome.PARSE_ERROR, RequestOutcome.ofCode(JsonRpc.PARSE_ERROR));
    assertEquals(RequestOutcome.INVALID_REQUEST, RequestOutcome.ofCode(JsonRpc.INVALID_REQUEST));
    assertEquals(RequestOutcome.METHOD_NOT_FOUND, RequestOutcome.ofCode(JsonRpc.METHOD_NOT_FOUND));
    assertEquals(RequestOutcome.INVALID_PARAMS, RequestOutcome.ofCode(JsonRpc.INVALID_PARAMS));
    assertEquals(RequestOutcome.INTERNAL_ERROR, RequestOutcome.ofCode(JsonRpc.INTERNAL_ERROR));
    assertEquals(RequestOutcome.SERVER_ERROR, RequestOutcome.ofCode(JsonRpc.RESOURCE_NOT_FOUND));
    assertEquals(RequestOutcome.SERVER_ERROR, RequestOutcome.ofCode(-32000));
    assertEquals(RequestOutcome.SERVER_ERROR, RequestOutcome.ofCode(-32099));
    assertEquals(RequestOutcome.OTHER_ERROR, RequestOutcome.ofCode(-32100));
    assertEquals(RequestOutcome.OTHER_ERROR, RequestOutcome.ofCode(42));
    assertEquals(RequestOutcome.INVALID_PARAMS,
        RequestOutcome.of(ErrorResponse.to(ID, JsonRpcError.invalidParams("no"))));
  }

  @Test
  void resultsAreOkUnlessAToolReportsAnErrorOrInputIsRequired() {
    assertEquals(RequestOutcome.OK, RequestOutcome.of(new Response(ID, JsonRpcCodec.object())));
    assertEquals(RequestOutcome.OK, RequestOutcome.of(new Response(ID, ToolResult.text("fine").toJson())));
    assertEquals(RequestOutcome.TOOL_ERROR, RequestOutcome.of(new Response(ID, ToolResult.error("no").toJson())));
    assertEquals(RequestOutcome.INPUT_REQUIRED,
        RequestOutcome.of(new Response(ID, JsonRpcCodec.object().put("resultType", "input_required"))));
    assertEquals("tool_error", RequestOutcome.TOOL_ERROR.tag());
  }

  @Test
  void methodsTheServerDoesNotServeShareOneTag() {
    assertEquals("tools/call", MethodTag.of("tools/call"));
    assertEquals("server/discover", MethodTag.of("server/discover"));
    assertEquals(MethodTag.OTHER, MethodTag.of("tools/call2"));
    assertEquals(MethodTag.OTHER, MethodTag.of("x".repeat(1000)));
  }
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcError;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.ErrorResponse;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Response;
import org.pekkomcp.mcp.server.RequestOutcome;
import org.pekkomcp.mcp.server.ToolResult;

/** The tags a request's end is reported with: a fixed set, whatever the client sends. */
class RequestOutcomesTest {

  private static final JsonNode ID = JsonRpc.MAPPER.getNodeFactory().numberNode(1);

  @Test
  void errorsAreTaggedByTheClassOfTheirCode() {
    assertEquals(RequestOutcome.PARSE_ERROR, RequestOutcomes.ofCode(JsonRpc.PARSE_ERROR));
    assertEquals(RequestOutcome.INVALID_REQUEST, RequestOutcomes.ofCode(JsonRpc.INVALID_REQUEST));
    assertEquals(RequestOutcome.METHOD_NOT_FOUND, RequestOutcomes.ofCode(JsonRpc.METHOD_NOT_FOUND));
    assertEquals(RequestOutcome.INVALID_PARAMS, RequestOutcomes.ofCode(JsonRpc.INVALID_PARAMS));
    assertEquals(RequestOutcome.INTERNAL_ERROR, RequestOutcomes.ofCode(JsonRpc.INTERNAL_ERROR));
    assertEquals(RequestOutcome.SERVER_ERROR, RequestOutcomes.ofCode(JsonRpc.RESOURCE_NOT_FOUND));
    assertEquals(RequestOutcome.SERVER_ERROR, RequestOutcomes.ofCode(-32000));
    assertEquals(RequestOutcome.SERVER_ERROR, RequestOutcomes.ofCode(-32099));
    assertEquals(RequestOutcome.OTHER_ERROR, RequestOutcomes.ofCode(-32100));
    assertEquals(RequestOutcome.OTHER_ERROR, RequestOutcomes.ofCode(42));
    assertEquals(RequestOutcome.INVALID_PARAMS,
        RequestOutcomes.of(ErrorResponse.to(ID, JsonRpcError.invalidParams("no"))));
  }

  @Test
  void resultsAreOkUnlessAToolReportsAnErrorOrInputIsRequired() {
    assertEquals(RequestOutcome.OK, RequestOutcomes.of(new Response(ID, JsonRpcCodec.object())));
    assertEquals(RequestOutcome.OK, RequestOutcomes.of(new Response(ID, ToolResult.text("fine").toJson())));
    assertEquals(RequestOutcome.TOOL_ERROR, RequestOutcomes.of(new Response(ID, ToolResult.error("no").toJson())));
    assertEquals(RequestOutcome.INPUT_REQUIRED,
        RequestOutcomes.of(new Response(ID, JsonRpcCodec.object().put("resultType", "input_required"))));
    assertEquals("tool_error", RequestOutcome.TOOL_ERROR.tag());
  }
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;

/** Mcp-Param-* headers, as the endpoint forwards them, against the arguments the tool marked. */
class ParamHeadersTest {

  private static final Map<String, String> REGION = Map.of("Region", "region");

  private static Optional<String> check(String headers, String arguments) {
    return ParamHeaders.mismatch(parse("{\"" + ParamHeaders.META + "\":" + headers + "}"), REGION, parse(arguments));
  }

  @Test
  void aHeaderMatchesItsArgumentLiterallyOrAsBase64() {
    assertEquals(Optional.empty(), check("{\"region\":\"Hello\"}", "{\"region\":\"Hello\"}"));
    assertEquals(Optional.empty(), check("{\"region\":\"=?base64?SGVsbG8=?=\"}", "{\"region\":\"Hello\"}"));
    // Without the whole wrapper the value is literal.
    assertEquals(Optional.empty(), check("{\"region\":\"=?base64?SGVsbG8=\"}", "{\"region\":\"=?base64?SGVsbG8=\"}"));
    assertEquals(Optional.empty(), check("{\"region\":\"7\"}", "{\"region\":7}"));
  }

  @Test
  void aMissingDifferentOrUndecodableHeaderIsAMismatch() {
    assertTrue(check("{}", "{\"region\":\"Hello\"}").orElseThrow().contains("Mcp-Param-Region header is required"));
    assertTrue(check("{\"region\":\"Bye\"}", "{\"region\":\"Hello\"}").orElseThrow().contains("does not match"));
    assertTrue(check("{\"region\":\"=?base64?SGVsbG8?=\"}", "{\"region\":\"Hello\"}").orElseThrow().contains("not valid base64"));
    assertTrue(check("{\"region\":\"=?base64?SGVs!!!bG8=?=\"}", "{\"region\":\"Hello\"}").orElseThrow().contains("not valid base64"));
  }

  @Test
  void aCallThatCameWithoutForwardedHeadersIsNotChecked() {
    assertEquals(Optional.empty(), ParamHeaders.mismatch(parse("{}"), REGION, parse("{\"region\":\"Hello\"}")));
    assertEquals(Optional.empty(), check("{}", "{}"));
  }

  private static JsonNode parse(String json) {
    return JsonRpcCodec.parseTree(json).orElseThrow();
  }
}

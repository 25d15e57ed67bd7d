/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.jsonrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.ErrorResponse;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Notification;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Request;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Response;

class JsonRpcCodecTest {

  private static JsonRpcMessage single(String text) {
    return assertInstanceOf(Decoded.Single.class, JsonRpcCodec.decode(text)).message();
  }

  private static ErrorResponse invalid(String text) {
    return assertInstanceOf(Decoded.Invalid.class, JsonRpcCodec.decode(text)).error();
  }

  @Test
  void decodesRequestsWithStringAndNumberIds() {
    Request r = assertInstanceOf(Request.class, single("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\"}"));
    assertEquals("ping", r.method());
    assertEquals("\"a\"", JsonRpcMessage.idKey(r.id()));
    assertEquals(Optional.empty(), r.params());
    Request n = assertInstanceOf(Request.class, single("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"x\",\"params\":{\"k\":1}}"));
    assertEquals("7", JsonRpcMessage.idKey(n.id()));
    assertEquals(1, n.params().orElseThrow().get("k").asInt());
  }

  @Test
  void aMessageWithoutIdIsANotification() {
    Notification n = assertInstanceOf(Notification.class, single("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
    assertEquals("notifications/initialized", n.method());
  }

  @Test
  void decodesResponsesAndErrors() {
    Response r = assertInstanceOf(Response.class, single("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));
    assertTrue(r.result().isObject());
    ErrorResponse e = assertInstanceOf(ErrorResponse.class,
        single("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"bad\"}}"));
    assertEquals(Optional.empty(), e.id());
    assertEquals(-32600, e.error().code());
  }

  @Test
  void malformedJsonIsAParseErrorWithoutId() {
    ErrorResponse e = invalid("{\"jsonrpc\":\"2.0\",");
    assertEquals(JsonRpc.PARSE_ERROR, e.error().code());
    assertEquals(Optional.empty(), e.id());
    assertFalse(e.error().message().contains("\tat "), "no stack trace");
    String wire = JsonRpcCodec.encode(e);
    assertFalse(wire.contains("\"id\""), wire);
  }

  @Test
  void wrongVersionIsInvalidRequestKeepingTheId() {
    ErrorResponse e = invalid("{\"jsonrpc\":\"1.0\",\"id\":5,\"method\":\"ping\"}");
    assertEquals(JsonRpc.INVALID_REQUEST, e.error().code());
    assertEquals("5", JsonRpcMessage.idKey(e.id().orElseThrow()));
    assertEquals(JsonRpc.INVALID_REQUEST, invalid("{\"id\":5,\"method\":\"ping\"}").error().code());
  }

  @Test
  void nullOrStructuredIdsAreInvalid() {
    ErrorResponse e = invalid("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}");
    assertEquals(JsonRpc.INVALID_REQUEST, e.error().code());
    assertEquals(Optional.empty(), e.id());
    assertEquals(JsonRpc.INVALID_REQUEST, invalid("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}").error().code());
  }

  @Test
  void nonObjectsAndScalarParamsAreInvalid() {
    assertEquals(JsonRpc.INVALID_REQUEST, invalid("42").error().code());
    assertEquals(JsonRpc.INVALID_REQUEST, invalid("[]").error().code());
    assertEquals(JsonRpc.INVALID_REQUEST, invalid("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":3}").error().code());
    assertEquals(JsonRpc.INVALID_REQUEST, invalid("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\"params\":\"x\"}").error().code());
    assertEquals(JsonRpc.INVALID_REQUEST, invalid("{\"jsonrpc\":\"2.0\",\"id\":1}").error().code());
    assertEquals(JsonRpc.PARSE_ERROR, invalid("").error().code());
  }

  @Test
  void batchesKeepEachElementsVerdict() {
    Decoded.Batch batch = assertInstanceOf(Decoded.Batch.class,
        JsonRpcCodec.decode("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}, 3, {\"jsonrpc\":\"2.0\",\"method\":\"n\"}]"));
    assertEquals(3, batch.elements().size());
    assertInstanceOf(Decoded.Single.class, batch.elements().get(0));
    assertInstanceOf(Decoded.Invalid.class, batch.elements().get(1));
    assertInstanceOf(Notification.class, ((Decoded.Single) batch.elements().get(2)).message());
  }

  @Test
  void encodingRoundTrips() throws Exception {
    JsonNode id = JsonRpc.MAPPER.readTree("\"x-1\"");
    String text = JsonRpcCodec.encode(ErrorResponse.to(id, JsonRpcError.methodNotFound("nope")));
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"x-1\",\"error\":{\"code\":-32601,\"message\":\"Method not found: nope\"}}", text);
    ErrorResponse back = assertInstanceOf(ErrorResponse.class, single(text));
    assertEquals(JsonRpc.METHOD_NOT_FOUND, back.error().code());
    assertEquals("[1,2]", JsonRpcCodec.encodeBatch(java.util.List.of("1", "2")));
  }

  @Test
  void anErrorResponseWithANullIdIsAccepted() {
    // JSON-RPC 2.0: a peer that could not read the id of what it answers sends "id": null.
    ErrorResponse e = assertInstanceOf(ErrorResponse.class,
        single("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}"));
    assertEquals(Optional.empty(), e.id());
    assertEquals(JsonRpc.PARSE_ERROR, e.error().code());
    assertEquals("Parse error", e.error().message());
  }

  @Test
  void anErrorMemberMustBeAnObjectWithAnIntegerCodeAndATextMessage() {
    ErrorResponse withData = assertInstanceOf(ErrorResponse.class,
        single("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-1,\"message\":\"m\",\"data\":{\"k\":2}}}"));
    assertEquals("3", JsonRpcMessage.idKey(withData.id().orElseThrow()));
    assertEquals(2, withData.error().data().orElseThrow().get("k").asInt());
    for (String error : new String[] {"\"text\"", "{\"message\":\"m\"}", "{\"code\":1.5,\"message\":\"m\"}",
        "{\"code\":\"1\",\"message\":\"m\"}", "{\"code\":9999999999,\"message\":\"m\"}", "{\"code\":1}",
        "{\"code\":1,\"message\":7}"}) {
      ErrorResponse e = invalid("{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":" + error + "}");
      assertEquals(JsonRpc.INVALID_REQUEST, e.error().code(), error);
      assertEquals("4", JsonRpcMessage.idKey(e.id().orElseThrow()), error);
    }
    assertEquals(JsonRpc.INVALID_REQUEST,
        invalid("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{},\"error\":{\"code\":1,\"message\":\"m\"}}").error().code());
    assertEquals(JsonRpc.INVALID_REQUEST, invalid("{\"jsonrpc\":\"2.0\",\"result\":{}}").error().code());
    assertEquals(JsonRpc.INVALID_REQUEST, invalid("{\"jsonrpc\":\"2.0\",\"id\":[1],\"result\":{}}").error().code());
    assertEquals(JsonRpc.INVALID_REQUEST, invalid("{\"jsonrpc\":2,\"id\":1,\"method\":\"m\"}").error().code());
  }

  @Test
  void everyKindOfMessageEncodesCompactlyWithTheVersionFirst() {
    JsonNode params = JsonRpcCodec.object().put("k", 1);
    JsonNode id = JsonRpc.MAPPER.getNodeFactory().numberNode(9);
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"m\",\"params\":{\"k\":1}}",
        JsonRpcCodec.encode(new Request(id, "m", Optional.of(params))));
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"m\"}", JsonRpcCodec.encode(new Request(id, "m", Optional.empty())));
    assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"n\",\"params\":[1]}",
        JsonRpcCodec.encode(new Notification("n", Optional.of(JsonRpcCodec.array().add(1)))));
    assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"n\"}", JsonRpcCodec.encode(new Notification("n", Optional.empty())));
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{\"k\":1}}", JsonRpcCodec.encode(new Response(id, params)));
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":9,\"error\":{\"code\":-32602,\"message\":\"Invalid params: p\",\"data\":{\"k\":1}}}",
        JsonRpcCodec.encode(ErrorResponse.to(id, new JsonRpcError(JsonRpc.INVALID_PARAMS, "Invalid params: p", Optional.of(params)))));
  }

  @Test
  void theErrorFactoriesUseTheirCodes() {
    assertEquals(JsonRpcError.of(JsonRpc.PARSE_ERROR, "Parse error: a"), JsonRpcError.parseError("a"));
    assertEquals(JsonRpcError.of(JsonRpc.INVALID_REQUEST, "Invalid request: b"), JsonRpcError.invalidRequest("b"));
    assertEquals(JsonRpcError.of(JsonRpc.METHOD_NOT_FOUND, "Method not found: c"), JsonRpcError.methodNotFound("c"));
    assertEquals(JsonRpcError.of(JsonRpc.INVALID_PARAMS, "Invalid params: d"), JsonRpcError.invalidParams("d"));
    assertEquals(JsonRpcError.of(JsonRpc.INTERNAL_ERROR, "Internal error: e"), JsonRpcError.internalError("e"));
  }

  @Test
  void parseTreeAnswersEmptyForTextThatIsNotJson() {
    assertEquals(JsonRpcCodec.object().put("a", 1), JsonRpcCodec.parseTree("{\"a\":1}").orElseThrow());
    assertEquals(Optional.empty(), JsonRpcCodec.parseTree("{\"a\":"));
    assertTrue(JsonRpcCodec.object().isEmpty() && JsonRpcCodec.array().isEmpty());
  }

  @Test
  void anIdsKeyIsItsJsonTextForEveryKindOfId() {
    for (String id : new String[] {"0", "7", "-3", "2147483647", "2147483648", "-9223372036854775808", "9223372036854775808",
        "1.5", "1e3", "\"a\"", "\"with \\\"quote\\\" and \\u00e9\""}) {
      JsonNode node = JsonRpcCodec.parseTree(id).orElseThrow();
      assertEquals(node.toString(), JsonRpcMessage.idKey(node), id);
    }
  }
}

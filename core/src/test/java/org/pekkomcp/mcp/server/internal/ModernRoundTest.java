/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.server.ClientReply;
import org.pekkomcp.mcp.server.ClientRequest;

/** The rounds of a 2026-07-28 request that asks the client, and the seal on their state, without actors. */
class ModernRoundTest {

  private static final RequestStateSeal SEAL = RequestStateSeal.withSecret("test secret");
  private static final ClientRequest NAME = ClientRequest.elicit("Name?", (ObjectNode) parse("{\"type\":\"object\"}"));

  private static JsonNode parse(String json) {
    return JsonRpcCodec.parseTree(json).orElseThrow();
  }

  private static ModernRound open(String params) {
    ModernRound.Opened opened = ModernRound.open("tools/call", "greet", (ObjectNode) parse(params), SEAL);
    return assertInstanceOf(ModernRound.Round.class, opened).round();
  }

  private static String refusal(String params) {
    ModernRound.Opened opened = ModernRound.open("tools/call", "greet", (ObjectNode) parse(params), SEAL);
    ModernRound.Refused refused = assertInstanceOf(ModernRound.Refused.class, opened);
    assertEquals(JsonRpc.INVALID_PARAMS, refused.error().code());
    return refused.error().message();
  }

  @Test
  void anUnansweredAskEndsTheRoundOnceWithEveryQuestionUnderItsKey() {
    ModernRound round = open("{}");
    AtomicInteger ended = new AtomicInteger();
    round.onInputNeeded(ended::incrementAndGet);
    assertFalse(round.ask("user_name", NAME).toCompletableFuture().isDone());
    assertFalse(round.ask("roots", ClientRequest.listRoots()).toCompletableFuture().isDone());
    assertEquals(1, ended.get());
    ObjectNode result = round.inputRequired(SEAL);
    assertEquals("input_required", result.get("resultType").asText());
    assertEquals("elicitation/create", result.at("/inputRequests/user_name/method").asText());
    assertEquals("Name?", result.at("/inputRequests/user_name/params/message").asText());
    assertEquals("roots/list", result.at("/inputRequests/roots/method").asText());
    assertTrue(result.get("requestState").isTextual());
  }

  @Test
  void answersComeFromTheResponsesAndFromTheStateOfEarlierRounds() {
    ModernRound first = open("{\"inputResponses\":{\"user_name\":{\"action\":\"accept\",\"content\":{\"name\":\"Alice\"}}}}");
    assertEquals(new ClientReply.Accepted(parse("{\"name\":\"Alice\"}")), first.ask("user_name", NAME).toCompletableFuture().join());
    first.ask("color", NAME);
    String state = first.inputRequired(SEAL).get("requestState").asText();

    // The second round gets only the new answer; the first comes back from the state.
    ModernRound second = open("{\"requestState\":\"" + state + "\",\"inputResponses\":{\"color\":{\"action\":\"decline\"}}}");
    assertEquals(new ClientReply.Accepted(parse("{\"name\":\"Alice\"}")), second.ask("user_name", NAME).toCompletableFuture().join());
    assertEquals(new ClientReply.Declined(), second.ask("color", NAME).toCompletableFuture().join());
  }

  @Test
  void responsesUnderKeysNeverAskedAreIgnoredAndNotCarriedOn() {
    ModernRound round = open("{\"inputResponses\":{\"other\":{\"action\":\"accept\"}}}");
    round.ask("user_name", NAME);
    String state = round.inputRequired(SEAL).get("requestState").asText();
    assertEquals(Map.of(), SEAL.open(state, "tools/call", "greet").orElseThrow());
  }

  @Test
  void aChangedStateOrOneOfAnotherRequestOrKeyIsRefused() {
    ModernRound round = open("{\"inputResponses\":{\"user_name\":{\"action\":\"accept\",\"content\":{\"name\":\"Alice\"}}}}");
    round.ask("user_name", NAME);
    round.ask("color", NAME);
    String state = round.inputRequired(SEAL).get("requestState").asText();
    assertTrue(SEAL.open(state, "tools/call", "greet").isPresent());

    String body = state.substring(0, state.indexOf('.'));
    String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"m\":\"tools/call\",\"t\":\"greet\",\"a\":{\"user_name\":{\"action\":\"accept\",\"content\":{\"name\":\"Mallory\"}}}}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertTrue(refusal("{\"requestState\":\"" + forged + state.substring(body.length()) + "\"}").contains("integrity"));
    assertTrue(refusal("{\"requestState\":\"" + state + "-TAMPERED\"}").contains("integrity"));
    assertTrue(refusal("{\"requestState\":\"not a state\"}").contains("integrity"));
    assertTrue(SEAL.open(state, "tools/call", "another_tool").isEmpty());
    assertTrue(SEAL.open(state, "prompts/get", "greet").isEmpty());
    assertTrue(RequestStateSeal.withSecret("another secret").open(state, "tools/call", "greet").isEmpty());
  }

  @Test
  void malformedResponsesAreRefused() {
    assertEquals("Invalid params: inputResponses must be an object", refusal("{\"inputResponses\":null}"));
    assertEquals("Invalid params: inputResponses.user_name must be an object", refusal("{\"inputResponses\":{\"user_name\":12345}}"));
    assertEquals("Invalid params: requestState must be a string", refusal("{\"requestState\":7}"));
  }
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;

/** What a handler may ask the client, and how the client's answer is read. */
class ClientRequestTest {

  private static final ClientRequest NAME = ClientRequest.elicit("Name?", (ObjectNode) parse("{\"type\":\"object\"}"));

  private static JsonNode parse(String json) {
    return JsonRpcCodec.parseTree(json).orElseThrow();
  }

  @Test
  void aReplyOfTheWrongShapeIsAFailureNotAnAnswer() {
    JsonNode noAction = parse("{\"content\":{}}");
    assertInstanceOf(ClientReply.Failed.class, NAME.replyFrom(noAction));
    assertInstanceOf(ClientReply.Failed.class, ClientRequest.listRoots().replyFrom(parse("{}")));
    assertInstanceOf(ClientReply.Failed.class, ClientRequest.createMessage((ObjectNode) parse("{}")).replyFrom(parse("{\"role\":\"user\"}")));
    assertEquals(new ClientReply.Cancelled(), NAME.replyFrom(parse("{\"action\":\"cancel\"}")));
  }

  @Test
  void capabilitiesDecideWhatMayBeAsked() {
    assertTrue(NAME.allowedBy(parse("{\"elicitation\":{}}")));
    assertTrue(NAME.allowedBy(parse("{\"elicitation\":{\"form\":{}}}")));
    assertFalse(NAME.allowedBy(parse("{\"elicitation\":{\"url\":{}}}")));
    assertFalse(NAME.allowedBy(parse("{\"sampling\":{}}")));
    ClientRequest url = ClientRequest.elicitUrl("Sign in", "https://example.org/login", "e1");
    assertTrue(url.allowedBy(parse("{\"elicitation\":{\"url\":{}}}")));
    assertFalse(url.allowedBy(parse("{\"elicitation\":{}}")));
    assertTrue(ClientRequest.listRoots().allowedBy(parse("{\"roots\":{\"listChanged\":true}}")));
    assertEquals(parse("{\"sampling\":{}}"), ClientRequest.createMessage((ObjectNode) parse("{}")).requiredCapability());
  }
}

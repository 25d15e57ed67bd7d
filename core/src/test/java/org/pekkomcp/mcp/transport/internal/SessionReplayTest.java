/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Request;

/** What a session sends a new server instance, from what the client sent the old one. */
class SessionReplayTest {

  private static Request request(String method, String paramsJson) {
    return new Request(JsonRpcCodec.parseTree("1").orElseThrow(), method, JsonRpcCodec.parseTree(paramsJson));
  }

  @Test
  void nothingToReplayUntilTheClientSetsSomething() {
    SessionReplay replay = SessionReplay.empty().after(request("tools/list", "{}"));
    assertTrue(replay.requests("r-").isEmpty());
  }

  @Test
  void replaysTheLastLevelAndTheSubscriptionsStillHeld() {
    SessionReplay replay = SessionReplay.empty()
        .after(request("logging/setLevel", "{\"level\":\"debug\"}"))
        .after(request("resources/subscribe", "{\"uri\":\"a://1\"}"))
        .after(request("resources/subscribe", "{\"uri\":\"a://2\"}"))
        .after(request("resources/unsubscribe", "{\"uri\":\"a://1\"}"))
        .after(request("logging/setLevel", "{\"level\":\"error\"}"));
    List<Request> requests = replay.requests("r-");
    assertEquals(2, requests.size());
    assertEquals("logging/setLevel", requests.get(0).method());
    assertEquals("error", requests.get(0).params().orElseThrow().get("level").asText());
    assertEquals("resources/subscribe", requests.get(1).method());
    assertEquals("a://2", requests.get(1).params().orElseThrow().get("uri").asText());
    assertEquals(List.of("r-0", "r-1"), requests.stream().map(r -> r.id().asText()).toList());
  }

  @Test
  void aSubscribeWithoutUriChangesNothing() {
    SessionReplay replay = SessionReplay.empty().after(new Request(JsonRpcCodec.parseTree("1").orElseThrow(),
        "resources/subscribe", Optional.empty()));
    assertTrue(replay.requests("r-").isEmpty());
  }

  @Test
  void theInitializeComesFirstAndStartsTheStateAfresh() {
    SessionReplay replay = SessionReplay.empty()
        .after(request("resources/subscribe", "{\"uri\":\"a://old\"}"))
        .after(request("initialize", "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"sampling\":{}}}"))
        .after(request("logging/setLevel", "{\"level\":\"debug\"}"));
    List<Request> requests = replay.requests("r-");
    assertEquals(List.of("initialize", "logging/setLevel"), requests.stream().map(Request::method).toList());
    assertTrue(requests.get(0).params().orElseThrow().path("capabilities").has("sampling"));
  }
}

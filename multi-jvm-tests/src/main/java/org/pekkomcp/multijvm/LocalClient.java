/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.transport.ClientSession;
import org.pekkomcp.mcp.transport.ReplyChannel;

/**
 * An MCP client on this node: a {@link ClientSession}, the session actor every transport (HTTP,
 * stdio) runs for a client, fed JSON-RPC text directly instead of bytes from a socket. So a test
 * exercises what a client of this node's endpoint gets (routing by name, waiting for a moving
 * server, in-flight requests ending, state replayed to a new instance) without an HTTP client
 * in the test, and a call loop's timing is taken here, not across the test's stdin pipe.
 *
 * <p>Notifications, whether tied to a request or not, go to the node's {@link EventLog} as
 * {@code notification} events with the session id and the message.
 */
final class LocalClient {

  private final String id;
  private final ActorRef<ClientSession.Command> session;
  private final EventLog log;
  private final AtomicLong requestIds = new AtomicLong();

  private LocalClient(String id, ActorRef<ClientSession.Command> session, EventLog log) {
    this.id = id;
    this.session = session;
    this.log = log;
  }

  /** Opens a session with server {@code server} and initializes it; completes with the initialize result. */
  static CompletionStage<Opened> open(ActorSystem<?> system, String id, String server, EventLog log) {
    Duration requestTimeout = system.settings().config().getDuration("mcp.transport.request-timeout");
    ActorRef<ClientSession.Command> session = system.systemActorOf(
        ClientSession.create(server, id, Optional.of(channel(id, log, new CompletableFuture<>())), requestTimeout, Optional.empty()),
        "test-client-" + id, Props.empty());
    LocalClient opened = new LocalClient(id, session, log);
    String initialize = "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
        + "\"clientInfo\":{\"name\":\"multi-jvm-test\",\"version\":\"1\"}}";
    return opened.call("initialize", initialize).thenApply(answer -> {
      opened.notify("notifications/initialized");
      return new Opened(opened, answer);
    });
  }

  /** A client whose session is initialized, and the server's answer to {@code initialize}. */
  record Opened(LocalClient client, JsonNode initializeAnswer) {}

  /** Sends request {@code method} with {@code params} (JSON text); completes with the whole JSON-RPC answer. */
  CompletionStage<JsonNode> call(String method, String params) {
    String json = "{\"jsonrpc\":\"2.0\",\"id\":" + requestIds.incrementAndGet() + ",\"method\":\"" + method
        + "\",\"params\":" + params + "}";
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    session.tell(new ClientSession.Incoming(JsonRpcCodec.decode(json), channel(id, log, answer)));
    return answer;
  }

  private void notify(String method) {
    String json = "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"}";
    session.tell(new ClientSession.Incoming(JsonRpcCodec.decode(json), channel(id, log, new CompletableFuture<>())));
  }

  /** Where one exchange's answer goes: into {@code answer}; its notifications into {@code log}. */
  private static ReplyChannel channel(String id, EventLog log, CompletableFuture<JsonNode> answer) {
    return new ReplyChannel() {
      @Override
      public void response(String json) {
        try {
          answer.complete(Json.MAPPER.readTree(json));
        } catch (Exception e) {
          answer.completeExceptionally(e);
        }
      }

      @Override
      public void notification(String json) {
        log.add("notification", e -> e.put("session", id).put("message", json));
      }

      @Override
      public void accepted() {
        answer.complete(Json.MAPPER.createObjectNode());
      }

      @Override
      public void abandoned() {
        answer.completeExceptionally(new IllegalStateException("session " + id + " abandoned the exchange"));
      }
    };
  }
}

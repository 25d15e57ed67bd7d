/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage;
import org.pekkomcp.mcp.server.AskOutcome;
import org.pekkomcp.mcp.server.ClientReply;
import org.pekkomcp.mcp.server.ClientRequest;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.ToClient;

/**
 * The server-to-client requests of legacy sessions ({@code sampling/createMessage},
 * {@code elicitation/create}, {@code roots/list}) that wait for the client's answer, by the id
 * the server gave them. Each belongs to one request of one session, the one whose handler asked:
 * it goes out on that request's stream (over HTTP, the tool call's SSE response), and the
 * client's answer, POSTed to its session wherever that runs, comes back to the server as a
 * {@link McpServer.FromClient}. When the asking request ends, its asks end too, and the client
 * is told to stop ({@code notifications/cancelled}). Each ask's end goes to {@code ended} once,
 * with how it ended. Only the server actor touches it.
 */
final class ClientAsks {

  /** One ask in flight: {@code requestKey} is the asking request's key in the server's in-flight map. */
  record Pending(String id, String requestKey, String sessionId, String requestId, ActorRef<ToClient> session,
      ClientRequest request, CompletableFuture<ClientReply> reply) {}

  private final Map<String, Pending> byId = new HashMap<>();
  private final String idPrefix;
  private final BiConsumer<ClientRequest, AskOutcome> ended;
  private long next;

  /**
   * @param idPrefix makes the ids of this server instance distinct from any other's
   * @param ended told of each ask's end
   */
  ClientAsks(String idPrefix, BiConsumer<ClientRequest, AskOutcome> ended) {
    this.idPrefix = idPrefix;
    this.ended = ended;
  }

  /**
   * Sends {@code request} to the client of {@code context} on that request's stream, and returns
   * its id. The id is a string, so it never equals a numeric id of the client's own.
   */
  String send(String requestKey, ActiveRequest context, ClientRequest request, CompletableFuture<ClientReply> reply) {
    Pending p = new Pending(idPrefix + (++next), requestKey, context.sessionId(), context.requestId(), context.replyTo(),
        request, reply);
    byId.put(p.id(), p);
    String json = JsonRpcCodec.encode(new JsonRpcMessage.Request(new TextNode(p.id()), request.method(),
        Optional.of(request.params())));
    p.session().tell(new ToClient.Notification(p.sessionId(), Optional.of(p.requestId()), json));
    return p.id();
  }

  /**
   * Completes the ask that {@code answer} (a response or an error from {@code sessionId}'s client)
   * answers. False when no ask of that session has its id: the client answered a request it was
   * never sent, or one that has ended.
   */
  boolean answer(String sessionId, JsonRpcMessage answer) {
    Optional<JsonNode> id = answer instanceof JsonRpcMessage.Response r ? Optional.of(r.id())
        : answer instanceof JsonRpcMessage.ErrorResponse e ? e.id() : Optional.empty();
    Pending p = id.filter(JsonNode::isTextual).map(i -> byId.get(i.textValue())).orElse(null);
    if (p == null || !p.sessionId().equals(sessionId)) {
      return false;
    }
    byId.remove(p.id());
    if (answer instanceof JsonRpcMessage.Response r) {
      p.reply().complete(p.request().replyFrom(r.result()));
      ended.accept(p.request(), AskOutcome.ANSWERED);
    } else if (answer instanceof JsonRpcMessage.ErrorResponse e) {
      ended.accept(p.request(), AskOutcome.ERROR);
      p.reply().complete(new ClientReply.Failed("the client answered " + p.request().method() + " with error "
          + e.error().code() + ": " + e.error().message()));
    }
    return true;
  }

  /**
   * Ends the ask {@code id} if it still waits, as timed out: its handler gets {@link ClientReply.Failed},
   * the client a cancellation. False when it had ended already.
   */
  boolean timedOut(String id, String why) {
    Pending p = byId.remove(id);
    if (p == null) {
      return false;
    }
    end(p, why, true);
    ended.accept(p.request(), AskOutcome.TIMEOUT);
    return true;
  }

  /** Ends every ask of the request {@code requestKey}; {@code tellClient} is false when its session is gone. */
  void endAll(String requestKey, String why, boolean tellClient) {
    if (byId.isEmpty()) {
      return;
    }
    for (Iterator<Pending> it = byId.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.requestKey().equals(requestKey)) {
        it.remove();
        end(p, why, tellClient);
        ended.accept(p.request(), AskOutcome.ENDED);
      }
    }
  }

  private static void end(Pending p, String why, boolean tellClient) {
    p.reply().complete(new ClientReply.Failed(why));
    if (tellClient) {
      ObjectNode params = JsonRpcCodec.object();
      params.put("requestId", p.id());
      params.put("reason", why);
      String json = JsonRpcCodec.encode(new JsonRpcMessage.Notification("notifications/cancelled", Optional.of(params)));
      p.session().tell(new ToClient.Notification(p.sessionId(), Optional.empty(), json));
    }
  }
}

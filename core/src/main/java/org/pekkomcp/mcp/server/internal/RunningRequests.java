/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.ErrorResponse;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Request;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Response;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage;
import org.pekkomcp.mcp.server.ClientReply;
import org.pekkomcp.mcp.server.Instrumentation;
import org.pekkomcp.mcp.server.McpInstrumentation;
import org.pekkomcp.mcp.server.McpMdc;
import org.pekkomcp.mcp.server.MethodTag;
import org.pekkomcp.mcp.server.RequestOutcome;
import org.pekkomcp.mcp.server.ToClient;

/**
 * The server's half of running handlers: their contexts, the requests whose stage has not
 * completed yet (so a cancellation can drop the answer), and what the handlers ask the client,
 * in either era ({@link ClientAsks} for legacy sessions, {@link ModernRound} for 2026-07-28
 * requests). Results and questions come back through the server's mailbox as
 * {@link ServerActor.Answered}, {@link ServerActor.AskClient}, {@link ServerActor.AskTimedOut} and
 * {@link ServerActor.InputNeeded}. Every request ends here, answered or not, so this is where each
 * end is reported to the system's {@link McpInstrumentation}, once. Only the server actor touches it.
 */
final class RunningRequests {

  private final ActorContext<Object> context;
  private final String serverName;
  private final Map<String, ActiveRequest> inflight = new HashMap<>();
  private final ClientAsks asks;
  private final RequestStateSeal seal;
  private final Duration askTimeout;
  private final Instrumentation instrumentation;
  /** The method and arrival of the request the server is handling now, for the answers it gives at once. */
  private String receivedMethod = MethodTag.OTHER;
  private long receivedNanos;

  RunningRequests(ActorContext<Object> context, String serverName) {
    this.context = context;
    this.serverName = serverName;
    this.instrumentation = Instrumentation.get(context.getSystem());
    this.asks = new ClientAsks("pekko-mcp-ask-" + UUID.randomUUID() + "-",
        (request, outcome) -> instrumentation.current().clientAskEnded(serverName, request.method(), outcome));
    Config config = context.getSystem().settings().config();
    this.seal = RequestStateSeal.fromConfig(config);
    this.askTimeout = config.getDuration("mcp.server.client-request-timeout");
  }

  /** The server starts handling {@code r}: what it answers from now on is reported as {@code r}'s end. */
  void received(Request r) {
    receivedMethod = MethodTag.of(r.method());
    receivedNanos = System.nanoTime();
  }

  /**
   * The context of a request about to run its handler. A 2026-07-28 request on {@code target}
   * (tools, prompts, resource reads) opens its round of asks here; when its state or responses
   * are refused, the request is answered with the error and this is empty.
   */
  Optional<ActiveRequest> open(String sessionId, SessionState session, Request r, ObjectNode params, Optional<String> target) {
    JsonNode token = params.path("_meta").get("progressToken");
    Optional<JsonNode> progressToken = token != null && (token.isTextual() || token.isIntegralNumber())
        ? Optional.of(token) : Optional.empty();
    String requestKey = key(sessionId, JsonRpcMessage.idKey(r.id()));
    ActorRef<Object> self = context.getSelf();
    Optional<ModernRound> round = Optional.empty();
    ActiveRequest.Asker asker;
    if (session.modern && target.isPresent()) {
      ModernRound.Opened opened = ModernRound.open(r.method(), target.get(), params, seal);
      if (opened instanceof ModernRound.Refused refused) {
        reply(sessionId, session, r.id(), ErrorResponse.to(r.id(), refused.error()));
        return Optional.empty();
      }
      ModernRound open = ((ModernRound.Round) opened).round();
      open.onInputNeeded(() -> self.tell(new ServerActor.InputNeeded(requestKey)));
      round = Optional.of(open);
      asker = open::ask;
    } else if (session.modern) {
      asker = (key, request) -> CompletableFuture.completedFuture(
          new ClientReply.Failed("a 2026-07-28 " + r.method() + " request cannot ask the client"));
    } else {
      asker = (key, request) -> {
        CompletableFuture<ClientReply> reply = new CompletableFuture<>();
        self.tell(new ServerActor.AskClient(requestKey, request, reply));
        return reply;
      };
    }
    return Optional.of(new ActiveRequest(serverName, sessionId, JsonRpcMessage.idKey(r.id()), receivedMethod,
        receivedNanos, progressToken, session.level, session.modern, session.ref, session.clientCapabilities, round, asker));
  }

  /**
   * Runs a handler. An already completed stage is answered at once; otherwise the request is
   * tracked until the stage completes and its answer comes back as {@link ServerActor.Answered}.
   */
  <O> void run(ActiveRequest request, JsonNode id, Supplier<CompletionStage<O>> call,
      Function<O, JsonNode> toResult, Function<String, JsonRpcMessage> onFailure) {
    CompletionStage<O> stage;
    try {
      stage = call.get();
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    if (stage == null) {
      stage = CompletableFuture.failedFuture(new IllegalStateException("the handler returned no CompletionStage"));
    }
    if (stage instanceof CompletableFuture<O> done && done.isDone()) {
      answer(request, HandlerOutcome.of(id, done, toResult, onFailure, request.modern()));
      return;
    }
    String key = key(request.sessionId(), request.requestId());
    inflight.put(key, request);
    context.pipeToSelf(stage, (value, failure) -> new ServerActor.Answered(key,
        HandlerOutcome.of(id, value, failure, toResult, onFailure, request.modern())));
  }

  void onAnswered(ServerActor.Answered m) {
    ActiveRequest request = inflight.remove(m.key());
    asks.endAll(m.key(), "the request was answered", true);
    // Absent: cancelled by the client or its session stopped; either way nobody wants the answer.
    if (request != null && !request.isCancelled()) {
      answer(request, m.answer());
    }
  }

  /** The client of {@code sessionId} cancelled its request {@code requestId}. */
  void cancel(String sessionId, JsonNode requestId) {
    String key = key(sessionId, JsonRpcMessage.idKey(requestId));
    ActiveRequest request = inflight.remove(key);
    if (request != null) {
      request.cancel();
      asks.endAll(key, "the request was cancelled", true);
      ended(request, RequestOutcome.CANCELLED);
    }
  }

  /** The sessions {@code gone} stopped: their requests end, unanswered. */
  void sessionsGone(Set<String> gone) {
    for (Iterator<ActiveRequest> it = inflight.values().iterator(); it.hasNext(); ) {
      ActiveRequest request = it.next();
      if (gone.contains(request.sessionId())) {
        request.cancel();
        asks.endAll(key(request.sessionId(), request.requestId()), "the session ended", false);
        it.remove();
        ended(request, RequestOutcome.CANCELLED);
      }
    }
  }

  /** A legacy handler's question goes to its client, if the request still runs. */
  void onAskClient(ServerActor.AskClient m) {
    ActiveRequest request = inflight.get(m.requestKey());
    if (request == null || request.isCancelled()) {
      m.reply().complete(new ClientReply.Failed("the request ended before its question reached the client"));
      return;
    }
    String id = asks.send(m.requestKey(), request, m.request(), m.reply());
    context.scheduleOnce(askTimeout, context.getSelf(), new ServerActor.AskTimedOut(id));
  }

  void onAskTimedOut(ServerActor.AskTimedOut m) {
    if (asks.timedOut(m.askId(), "the client did not answer within " + askTimeout)) {
      context.getLog().info("MCP server '{}': the client did not answer a question within {}", serverName, askTimeout);
    }
  }

  /** A legacy client's response or error; false when it answers nothing this server asked that session. */
  boolean onClientAnswer(String sessionId, JsonRpcMessage answer) {
    return asks.answer(sessionId, answer);
  }

  /** A 2026-07-28 round has a question without an answer: it ends with an {@code InputRequiredResult}. */
  void onInputNeeded(ServerActor.InputNeeded m) {
    ActiveRequest request = inflight.remove(m.requestKey());
    if (request == null || request.isCancelled() || request.round().isEmpty()) {
      return; // answered already (the handler did not wait for its question), or cancelled
    }
    request.cancel();
    JsonNode id = JsonRpcCodec.parseTree(request.requestId()).orElseThrow();
    answer(request, new Response(id, request.round().get().inputRequired(seal)));
  }

  private void answer(ActiveRequest request, JsonRpcMessage message) {
    JsonRpcMessage answer = request.modern() ? ModernResults.complete(message) : message;
    request.replyTo().tell(new ToClient.Response(request.sessionId(), request.requestId(), JsonRpcCodec.encode(answer)));
    ended(request.method(), request.startedNanos(), answer);
  }

  private void ended(ActiveRequest request, RequestOutcome outcome) {
    if (context.getLog().isDebugEnabled()) {
      context.getLog().debug("MCP server '{}' ended a {} request: {}", serverName, request.method(), outcome.tag());
    }
    instrumentation.current().requestEnded(serverName, request.method(), outcome, System.nanoTime() - request.startedNanos());
  }

  /**
   * Answers the request the server is handling ({@link #received}) on {@code to}'s ref; a modern
   * one gets its {@code resultType}.
   */
  void reply(String sessionId, SessionState to, JsonNode id, JsonRpcMessage message) {
    JsonRpcMessage answer = to.modern ? ModernResults.complete(message) : message;
    to.ref.tell(new ToClient.Response(sessionId, JsonRpcMessage.idKey(id), JsonRpcCodec.encode(answer)));
    ended(receivedMethod, receivedNanos, answer);
  }

  /** Reports the end of a request answered with {@code answer}; failures are logged, the rest at debug. */
  private void ended(String method, long startedNanos, JsonRpcMessage answer) {
    RequestOutcome outcome = RequestOutcomes.of(answer);
    if (answer instanceof ErrorResponse e && outcome == RequestOutcome.INTERNAL_ERROR) {
      context.getLog().warn("MCP server '{}' failed a {} request: {}", serverName, method, e.error().message());
    } else if (context.getLog().isDebugEnabled()) {
      context.getLog().debug("MCP server '{}' answered a {} request: {}", serverName, method, outcome.tag());
    }
    instrumentation.current().requestEnded(serverName, method, outcome, System.nanoTime() - startedNanos);
  }

  private static String key(String sessionId, String requestId) {
    return sessionId + '\n' + requestId;
  }

  /** The MDC of a message about the request {@code key} names. */
  static Map<String, String> mdc(String key) {
    int split = key.indexOf('\n');
    return split < 0 ? Map.of() : Map.of(McpMdc.SESSION, key.substring(0, split), McpMdc.REQUEST_ID, key.substring(split + 1));
  }
}

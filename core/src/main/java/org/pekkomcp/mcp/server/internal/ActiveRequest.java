/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage;
import org.pekkomcp.mcp.server.ClientReply;
import org.pekkomcp.mcp.server.ClientRequest;
import org.pekkomcp.mcp.server.LogLevel;
import org.pekkomcp.mcp.server.MethodTag;
import org.pekkomcp.mcp.server.MissingClientCapability;
import org.pekkomcp.mcp.server.RequestContext;
import org.pekkomcp.mcp.server.ToClient;

/**
 * The {@link RequestContext} of one request while its handler runs. Handlers call it from any
 * thread: notifications go straight to the session actor (a tell is thread-safe), and the only
 * mutable state, the last progress value and the cancellation, is guarded here. How an ask
 * reaches the client depends on the era, so the server hands that part in ({@link Asker}).
 */
final class ActiveRequest implements RequestContext {

  /** How this request's asks reach the client (called only once the capability is checked). */
  @FunctionalInterface
  interface Asker {
    CompletionStage<ClientReply> ask(String key, ClientRequest request);
  }

  private final String serverName;
  private final String sessionId;
  private final String requestId;
  private final String method;
  private final long startedNanos;
  private final Optional<JsonNode> progressToken;
  private final Optional<LogLevel> threshold;
  private final boolean modern;
  private final ActorRef<ToClient> replyTo;
  private final JsonNode clientCapabilities;
  private final Optional<ModernRound> round;
  private final Asker asker;
  private final CompletableFuture<Void> cancelled = new CompletableFuture<>();
  private double lastProgress = Double.NEGATIVE_INFINITY;

  /**
   * @param method the request's {@link MethodTag}
   * @param startedNanos when the server received the request ({@link System#nanoTime})
   */
  ActiveRequest(String serverName, String sessionId, String requestId, String method, long startedNanos,
      Optional<JsonNode> progressToken, Optional<LogLevel> threshold, boolean modern, ActorRef<ToClient> replyTo,
      JsonNode clientCapabilities, Optional<ModernRound> round, Asker asker) {
    this.serverName = serverName;
    this.sessionId = sessionId;
    this.requestId = requestId;
    this.method = method;
    this.startedNanos = startedNanos;
    this.progressToken = progressToken;
    this.threshold = threshold;
    this.modern = modern;
    this.replyTo = replyTo;
    this.clientCapabilities = clientCapabilities;
    this.round = round;
    this.asker = asker;
  }

  /** The round of a 2026-07-28 request that may ask the client. */
  Optional<ModernRound> round() {
    return round;
  }

  String requestId() {
    return requestId;
  }

  String method() {
    return method;
  }

  long startedNanos() {
    return startedNanos;
  }

  /** Whether the request is a stateless 2026-07-28 one (its results carry {@code resultType}). */
  boolean modern() {
    return modern;
  }

  ActorRef<ToClient> replyTo() {
    return replyTo;
  }

  void cancel() {
    cancelled.complete(null);
  }

  @Override
  public String sessionId() {
    return sessionId;
  }

  @Override
  public boolean wantsProgress() {
    return progressToken.isPresent();
  }

  @Override
  public void progress(double progress, Optional<Double> total, Optional<String> message) {
    if (progressToken.isEmpty() || isCancelled()) {
      return;
    }
    synchronized (this) {
      if (progress <= lastProgress) {
        return;
      }
      lastProgress = progress;
    }
    ObjectNode params = JsonRpcCodec.object();
    params.set("progressToken", progressToken.get());
    params.put("progress", progress);
    total.ifPresent(t -> params.put("total", t));
    message.ifPresent(m -> params.put("message", m));
    send("notifications/progress", params);
  }

  @Override
  public void log(LogLevel level, JsonNode data) {
    if (threshold.isEmpty() || !level.passes(threshold.get()) || isCancelled()) {
      return;
    }
    ObjectNode params = JsonRpcCodec.object();
    params.put("level", level.wireName());
    params.put("logger", serverName);
    params.set("data", data);
    send("notifications/message", params);
  }

  @Override
  public boolean isCancelled() {
    return cancelled.isDone();
  }

  @Override
  public CompletionStage<Void> cancellation() {
    return cancelled.minimalCompletionStage();
  }

  @Override
  public boolean clientSupports(ClientRequest request) {
    return request.allowedBy(clientCapabilities);
  }

  @Override
  public CompletionStage<ClientReply> ask(String key, ClientRequest request) {
    if (!clientSupports(request)) {
      return CompletableFuture.failedFuture(new MissingClientCapability(request.method(), request.requiredCapability()));
    }
    if (isCancelled()) {
      return CompletableFuture.completedFuture(new ClientReply.Failed("the request was cancelled"));
    }
    return asker.ask(key, request);
  }

  private void send(String method, ObjectNode params) {
    String json = JsonRpcCodec.encode(new JsonRpcMessage.Notification(method, Optional.of(params)));
    replyTo.tell(new ToClient.Notification(sessionId, Optional.of(requestId), json));
  }
}

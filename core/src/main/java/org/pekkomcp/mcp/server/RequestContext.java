/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;

/**
 * What a handler can do besides answering: report progress, log to the client, and notice that
 * the client cancelled. Every method is thread-safe and returns at once; messages go straight to
 * the client's session actor, on the request's own stream over HTTP.
 */
public interface RequestContext {

  /** The client session that sent the request. */
  String sessionId();

  /** Whether the client asked for progress ({@code _meta.progressToken}); without it progress is dropped. */
  boolean wantsProgress();

  /**
   * Sends {@code notifications/progress}. Values that do not increase are dropped, as the
   * specification requires progress to increase.
   */
  void progress(double progress, Optional<Double> total, Optional<String> message);

  default void progress(double progress, double total) {
    progress(progress, Optional.of(total), Optional.empty());
  }

  /** Sends {@code notifications/message} if {@code level} passes the session's {@code logging/setLevel}. */
  void log(LogLevel level, JsonNode data);

  default void log(LogLevel level, String message) {
    log(level, JsonRpc.MAPPER.getNodeFactory().textNode(message));
  }

  /** Whether the client sent {@code notifications/cancelled} for this request. */
  boolean isCancelled();

  /** Completes when the client cancels; never completes otherwise. */
  CompletionStage<Void> cancellation();
}

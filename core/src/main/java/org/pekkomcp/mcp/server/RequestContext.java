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
 * What a handler can do besides answering: report progress, log to the client, ask the client
 * (elicitation, sampling, roots), and notice that the client cancelled. Every method is
 * thread-safe and returns at once; messages go straight to the client's session actor, on the
 * request's own stream over HTTP.
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

  /** Whether the client declared the capability {@code request} needs (in its {@code initialize}, or in a 2026-07-28 request's {@code _meta}). */
  boolean clientSupports(ClientRequest request);

  /**
   * Asks the client, in either era with the same code. A legacy session gets a server-to-client
   * request on this request's stream and its answer comes back here, or {@link ClientReply.Failed}
   * after {@code mcp.server.client-request-timeout}; the request's cancellation ends the ask.
   * A 2026-07-28 request cannot wait for the client: an ask with no answer yet ends this round
   * with an {@code InputRequiredResult} listing it under {@code key}, the client answers and
   * sends the request again, and the handler runs again from the start, this time getting the
   * answer at once. So a handler must ask in a way it can repeat (the same keys for the same
   * questions), and do work with effects only once it has every answer. Tools, prompts and
   * resource reads can ask; completions cannot ({@link ClientReply.Failed}).
   *
   * @param key names the question among the request's others (letters, digits, {@code _}); used by 2026-07-28
   * @return the client's answer; a failed stage with {@link MissingClientCapability} when
   *     {@link #clientSupports} is false for {@code request}
   */
  CompletionStage<ClientReply> ask(String key, ClientRequest request);
}

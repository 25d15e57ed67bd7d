/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Response;

/**
 * Turns what a {@link Handler} produced (a value, a failure, or nothing) into the one JSON-RPC
 * message its request is answered with. A failure is described by its own message, never by its
 * stack trace; how it is reported (a tool's error result, a JSON-RPC error) is the caller's
 * {@code onFailure}.
 */
final class HandlerOutcome {

  private HandlerOutcome() {}

  /** The answer of a stage that is already complete. */
  static <O> JsonRpcMessage of(JsonNode id, CompletableFuture<O> done, Function<O, JsonNode> toResult,
      Function<String, JsonRpcMessage> onFailure) {
    try {
      return of(id, done.join(), null, toResult, onFailure);
    } catch (CompletionException | CancellationException e) {
      return of(id, null, e, toResult, onFailure);
    }
  }

  /** The answer for {@code value}, or for {@code failure} when it is not null. */
  static <O> JsonRpcMessage of(JsonNode id, O value, Throwable failure, Function<O, JsonNode> toResult,
      Function<String, JsonRpcMessage> onFailure) {
    if (failure != null) {
      return onFailure.apply(describe(failure));
    }
    if (value == null) {
      return onFailure.apply("the handler completed with no result");
    }
    try {
      return new Response(id, toResult.apply(value));
    } catch (RuntimeException e) {
      return onFailure.apply(describe(e));
    }
  }

  /** The failure's own message, never its stack trace. */
  static String describe(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }
}

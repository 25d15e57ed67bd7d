/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcError;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.ErrorResponse;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Response;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage;
import org.pekkomcp.mcp.server.Handler;
import org.pekkomcp.mcp.server.MissingClientCapability;

/**
 * Turns what a {@link Handler} produced (a value, a failure, or nothing) into the one JSON-RPC
 * message its request is answered with. A failure is described by its own message, never by its
 * stack trace; how it is reported (a tool's error result, a JSON-RPC error) is the caller's
 * {@code onFailure}, except for a 2026-07-28 request whose handler asked the client for what it
 * did not declare ({@link MissingClientCapability}): the revision answers that with -32021.
 */
final class HandlerOutcome {

  private HandlerOutcome() {}

  /** The answer of a stage that is already complete. */
  static <O> JsonRpcMessage of(JsonNode id, CompletableFuture<O> done, Function<O, JsonNode> toResult,
      Function<String, JsonRpcMessage> onFailure, boolean modern) {
    try {
      return of(id, done.join(), null, toResult, onFailure, modern);
    } catch (CompletionException | CancellationException e) {
      return of(id, null, e, toResult, onFailure, modern);
    }
  }

  /** The answer for {@code value}, or for {@code failure} when it is not null. */
  static <O> JsonRpcMessage of(JsonNode id, O value, Throwable failure, Function<O, JsonNode> toResult,
      Function<String, JsonRpcMessage> onFailure, boolean modern) {
    if (failure != null) {
      if (modern && cause(failure) instanceof MissingClientCapability missing) {
        ObjectNode data = JsonRpcCodec.object();
        data.set("requiredCapabilities", missing.required());
        return ErrorResponse.to(id, new JsonRpcError(JsonRpc.MISSING_CLIENT_CAPABILITY, missing.getMessage(), Optional.of(data)));
      }
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
    Throwable t = cause(failure);
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }

  private static Throwable cause(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}

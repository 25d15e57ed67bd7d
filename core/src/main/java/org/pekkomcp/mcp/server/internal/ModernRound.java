/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcError;
import org.pekkomcp.mcp.server.ClientReply;
import org.pekkomcp.mcp.server.ClientRequest;

/**
 * One round of a 2026-07-28 request that may ask the client (multi round-trip requests): the
 * handler runs again on every round, and each of its asks is answered at once from what the
 * client sent ({@code inputResponses}) or gathered in earlier rounds ({@code requestState}). An
 * ask with no answer yet ends the round: the request is answered with an
 * {@code InputRequiredResult} that carries every unanswered ask under its key, and a new sealed
 * state with the answers the handler used, so the next round has them again.
 *
 * <p>Handlers may ask from any thread; the state is guarded here.
 */
final class ModernRound {

  /** The outcome of reading a round's params: the round, or the error the request gets. */
  sealed interface Opened {}

  record Round(ModernRound round) implements Opened {}

  record Refused(JsonRpcError error) implements Opened {}

  private final String method;
  private final String target;
  private final Map<String, JsonNode> answers;
  private final Map<String, JsonNode> used = new LinkedHashMap<>();
  private final Map<String, ClientRequest> unanswered = new LinkedHashMap<>();
  private Runnable onInputNeeded = () -> {};

  private ModernRound(String method, String target, Map<String, JsonNode> answers) {
    this.method = method;
    this.target = target;
    this.answers = answers;
  }

  /**
   * Reads {@code requestState} and {@code inputResponses} of a request ({@code method} on
   * {@code target}); a state that fails its check, or responses that are not objects, refuse it
   * with -32602. Responses under keys the handler never asks for are ignored.
   */
  static Opened open(String method, String target, ObjectNode params, RequestStateSeal seal) {
    Map<String, JsonNode> answers = new LinkedHashMap<>();
    JsonNode state = params.get("requestState");
    if (state != null) {
      if (!state.isTextual()) {
        return new Refused(JsonRpcError.invalidParams("requestState must be a string"));
      }
      var opened = seal.open(state.textValue(), method, target);
      if (opened.isEmpty()) {
        return new Refused(JsonRpcError.invalidParams("requestState failed its integrity check: it was changed, "
            + "belongs to another request, or was issued by a server instance with another key"));
      }
      answers.putAll(opened.get());
    }
    if (params.has("inputResponses")) {
      JsonNode responses = params.get("inputResponses");
      if (!responses.isObject()) {
        return new Refused(JsonRpcError.invalidParams("inputResponses must be an object"));
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isObject()) {
          return new Refused(JsonRpcError.invalidParams("inputResponses." + e.getKey() + " must be an object"));
        }
        answers.put(e.getKey(), e.getValue());
      }
    }
    return new Round(new ModernRound(method, target, answers));
  }

  /** What runs (once) when the first ask finds no answer: the server then ends the round. */
  synchronized void onInputNeeded(Runnable callback) {
    this.onInputNeeded = callback;
  }

  /** The answer under {@code key}, or a stage that stays open while the round asks the client for it. */
  CompletionStage<ClientReply> ask(String key, ClientRequest request) {
    Runnable notify = null;
    synchronized (this) {
      JsonNode answer = answers.get(key);
      if (answer != null) {
        used.put(key, answer);
        return CompletableFuture.completedFuture(request.replyFrom(answer));
      }
      if (unanswered.isEmpty()) {
        notify = onInputNeeded;
      }
      unanswered.put(key, request);
    }
    if (notify != null) {
      notify.run();
    }
    return new CompletableFuture<>();
  }

  /** The {@code InputRequiredResult} that ends this round. */
  synchronized ObjectNode inputRequired(RequestStateSeal seal) {
    ObjectNode result = JsonRpcCodec.object();
    result.put("resultType", "input_required");
    ObjectNode requests = result.putObject("inputRequests");
    unanswered.forEach((key, request) -> {
      ObjectNode entry = requests.putObject(key);
      entry.put("method", request.method());
      entry.set("params", request.params());
    });
    result.put("requestState", seal.seal(method, target, used));
    return result;
  }
}

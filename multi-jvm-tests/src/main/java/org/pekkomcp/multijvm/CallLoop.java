/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A client's load: calls the probe server's {@code where} tool in one session, one call at a
 * time, starting one every {@code interval} (or at once when the previous call took longer), and
 * records each call: when it was sent and answered (wall clock, the clock the test shares), and
 * either the instance that answered or the error. {@link #calls()} is the record so far;
 * {@link #stop()} ends the loop after the call in flight and yields the whole record, as {@code [{"sent":..,"ended":..,"ok":true,"node":..,"instance":..}, ...]}.
 */
final class CallLoop {

  private static final String WHERE = "{\"name\":\"where\",\"arguments\":{}}";

  private final ActorSystem<?> system;
  private final LocalClient client;
  private final Duration interval;
  private final List<ObjectNode> calls = new ArrayList<>();
  private final CompletableFuture<ArrayNode> stopped = new CompletableFuture<>();
  private boolean stopping;

  private CallLoop(ActorSystem<?> system, LocalClient client, Duration interval) {
    this.system = system;
    this.client = client;
    this.interval = interval;
  }

  /** Starts calling at once. */
  static CallLoop start(ActorSystem<?> system, LocalClient client, Duration interval) {
    CallLoop loop = new CallLoop(system, client, interval);
    loop.next();
    return loop;
  }

  /** Ends the loop once the call in flight ends; completes with every call made. */
  CompletionStage<ArrayNode> stop() {
    synchronized (this) {
      stopping = true;
    }
    return stopped;
  }

  private void next() {
    long sent = System.currentTimeMillis();
    client.call("tools/call", WHERE).whenComplete((answer, failure) -> {
      long ended = System.currentTimeMillis();
      ObjectNode call = Json.MAPPER.createObjectNode().put("sent", sent).put("ended", ended);
      describe(call, answer, failure);
      boolean done;
      synchronized (this) {
        calls.add(call);
        done = stopping;
      }
      if (done) {
        finish();
        return;
      }
      long pause = Math.max(0, interval.toMillis() - (ended - sent));
      system.scheduler().scheduleOnce(Duration.ofMillis(pause), this::next, system.executionContext());
    });
  }

  /** The calls made so far (the loop goes on). */
  synchronized ArrayNode calls() {
    ArrayNode all = Json.MAPPER.createArrayNode();
    calls.forEach(c -> all.add(c.deepCopy()));
    return all;
  }

  private void finish() {
    stopped.complete(calls());
  }

  /** ok + node + instance for an answer from the probe, else ok=false + the error. */
  private static void describe(ObjectNode call, JsonNode answer, Throwable failure) {
    JsonNode identity = answer == null ? null : answer.path("result").path("structuredContent");
    if (identity != null && identity.has("instance") && !answer.path("result").path("isError").asBoolean()) {
      call.put("ok", true).put("node", identity.path("node").asText()).put("instance", identity.path("instance").asText());
    } else if (failure != null) {
      call.put("ok", false).put("error", failure.toString());
    } else {
      String error = answer.has("error") ? answer.path("error").path("message").asText() : answer.toString();
      call.put("ok", false).put("error", error);
    }
  }
}

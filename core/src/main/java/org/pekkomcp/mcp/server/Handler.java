/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * What answers a tool call, a resource read, a prompt get or a completion: a plain function that
 * returns a {@link CompletionStage}. It runs on the server actor's thread, so it must not block:
 * start the work and return the stage. A stage that fails (or a handler that throws) becomes a
 * tool result with {@code isError: true}, or a JSON-RPC internal error for the other kinds,
 * carrying the exception's message and never its stack trace.
 *
 * @param <I> what the server hands over ({@link ToolCall}, {@link ResourceRead}, ...)
 * @param <O> what it expects back
 */
@FunctionalInterface
public interface Handler<I, O> {

  CompletionStage<O> handle(I input);

  /** The message an actor handler receives: reply exactly once to {@code replyTo}. */
  record Ask<I, O>(I input, ActorRef<O> replyTo) {
    public Ask {
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /**
   * A handler that is an actor: each call asks {@code actor}, failing after {@code timeout}.
   * The actor may live on another node only if its messages can be serialized there; handing it
   * a {@link RequestContext} makes it local, so keep remote work behind a local actor.
   */
  static <I, O> Handler<I, O> ofActor(ActorRef<Ask<I, O>> actor, Duration timeout, Scheduler scheduler) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(scheduler, "scheduler");
    return input -> AskPattern.ask(actor, replyTo -> new Ask<>(input, replyTo), timeout, scheduler);
  }
}

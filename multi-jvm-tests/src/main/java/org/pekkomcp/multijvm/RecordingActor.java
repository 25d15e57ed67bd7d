/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A stand-in for an MCP server or transport: an actor a test registers under names. It accepts
 * any message and records it in the node's {@link EventLog} as {@code Received}, with the
 * message's class and text, so a test sees the {@code NameConflict} a cluster backend sends to
 * the loser of a name, and sees whether a message from another node arrived at all.
 */
final class RecordingActor {

  /** The one message it interprets itself: stop, so the registry's cleanup runs. */
  record Stop() {}

  private RecordingActor() {}

  static Behavior<Object> create(String name, EventLog log) {
    return Behaviors.receive(Object.class)
        .onMessage(Stop.class, stop -> Behaviors.stopped())
        .onAnyMessage(message -> {
          log.add("Received", e -> e
              .put("actor", name)
              .put("messageClass", message.getClass().getSimpleName())
              .put("message", String.valueOf(message)));
          return Behaviors.same();
        })
        .build();
  }
}

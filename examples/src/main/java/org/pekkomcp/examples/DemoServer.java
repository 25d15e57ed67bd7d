/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A toy MCP server actor for the demo: it answers {@code tools/list} with the tools it was given
 * and stops on request. Real enough for the registry to watch it and for a caller to reach it
 * through a looked-up ref.
 */
public final class DemoServer {

  /** The demo server's protocol. */
  public sealed interface Command {}

  /** A JSON-RPC method call, answered with a one-line text result. */
  public record Request(String method, ActorRef<String> replyTo) implements Command {}

  /** Stops the server, which makes the registry drop its names and memberships. */
  public record Stop() implements Command {}

  private DemoServer() {}

  public static Behavior<Command> create(List<String> tools) {
    return Behaviors.receive(Command.class)
        .onMessage(Request.class, request -> {
          request.replyTo().tell("tools/list".equals(request.method())
              ? "tools " + tools
              : "error -32601 method not found: " + request.method());
          return Behaviors.same();
        })
        .onMessage(Stop.class, stop -> Behaviors.stopped())
        .build();
  }
}

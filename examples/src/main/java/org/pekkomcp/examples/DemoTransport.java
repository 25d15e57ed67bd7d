/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A toy MCP transport actor for the demo: it "sends" a frame by acknowledging how many bytes it
 * would have written.
 */
public final class DemoTransport {

  /** The demo transport's protocol. */
  public sealed interface Command {}

  /** Sends one frame; {@code ack} gets a line saying what was written. */
  public record Send(String frame, ActorRef<String> ack) implements Command {}

  private DemoTransport() {}

  public static Behavior<Command> create(String medium) {
    return Behaviors.receive(Command.class)
        .onMessage(Send.class, send -> {
          send.ack().tell(medium + " wrote " + send.frame().getBytes(StandardCharsets.UTF_8).length + " bytes");
          return Behaviors.same();
        })
        .build();
  }
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.management;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.pekko.actor.AllDeadLetters;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.Dropped;
import org.apache.pekko.actor.SuppressedDeadLetter;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Counts the messages Pekko could not deliver, from the event stream: sent to a stopped actor
 * (including the remote ones Artery gave up on), dropped by a full mailbox or a stream, and
 * unhandled. Pekko logs only the first few; the counter sees them all.
 */
final class DeadLetterCounter {

  private DeadLetterCounter() {}

  static Behavior<AllDeadLetters> create(MeterRegistry meters) {
    return Behaviors.setup(context -> {
      context.getSystem().eventStream().tell(new EventStream.Subscribe<>(AllDeadLetters.class, context.getSelf()));
      Counter dead = counter(meters, "dead_letter");
      Counter suppressed = counter(meters, "suppressed");
      Counter dropped = counter(meters, "dropped");
      Counter unhandled = counter(meters, "unhandled");
      return Behaviors.receiveMessage(letter -> {
        (letter instanceof DeadLetter ? dead
            : letter instanceof SuppressedDeadLetter ? suppressed
            : letter instanceof Dropped ? dropped
            : unhandled).increment();
        return Behaviors.same();
      });
    });
  }

  private static Counter counter(MeterRegistry meters, String type) {
    return Counter.builder("pekko.dead.letters")
        .description("Messages that were not delivered, by why")
        .tag("type", type)
        .register(meters);
  }
}

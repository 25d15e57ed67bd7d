/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.internal;

import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pekkomcp.registry.RegistryEvent;

/**
 * Runs one subscriber's listener, one event at a time, in the order the registry sent them. Its
 * own actor, so a slow or failing listener never holds up the registry or other subscribers.
 *
 * <p>Internal API: public for {@link org.pekkomcp.registry.spi.RegistryActorBackend}, which spawns it.
 */
public final class EventListenerActor {

  private EventListenerActor() {}

  public static Behavior<RegistryEvent> create(Consumer<RegistryEvent> listener) {
    return Behaviors.setup(context -> Behaviors.receiveMessage(event -> {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        context.getLog().warn("registry event listener failed on {}", event, e);
      }
      return Behaviors.same();
    }));
  }
}

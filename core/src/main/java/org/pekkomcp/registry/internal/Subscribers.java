/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.registry.spi.RegistryRequest;

/**
 * The event listeners of one registry actor, each behind its own child actor
 * ({@link EventListenerActor}) so that a slow or failing callback never stalls the registry. The
 * actor's own state: not thread-safe.
 *
 * <p>Internal API: public for the backends' writer actors, the cluster backend's in another module.
 */
public final class Subscribers {

  private final Map<Long, ActorRef<RegistryEvent>> listeners = new HashMap<>();

  public void subscribe(ActorContext<?> context, RegistryRequest.Subscribe request) {
    listeners.put(request.id(), context.spawnAnonymous(EventListenerActor.create(request.listener())));
  }

  public void unsubscribe(ActorContext<?> context, RegistryRequest.Unsubscribe request) {
    ActorRef<RegistryEvent> listener = listeners.remove(request.id());
    if (listener != null) {
      context.stop(listener);
    }
  }

  /** Tells every listener each of {@code events} in order, then clears them. */
  public void publish(List<RegistryEvent> events) {
    if (!listeners.isEmpty()) {
      for (RegistryEvent event : events) {
        listeners.values().forEach(listener -> listener.tell(event));
      }
    }
    events.clear();
  }
}

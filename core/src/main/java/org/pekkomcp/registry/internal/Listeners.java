/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.ReceiveBuilder;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.registry.spi.RegistryCommand;
import org.pekkomcp.registry.spi.RegistryRequest.Await;
import org.pekkomcp.registry.spi.RegistryRequest.Subscribe;
import org.pekkomcp.registry.spi.RegistryRequest.Unsubscribe;
import org.pekkomcp.registry.spi.RegistryView;

/**
 * Who listens to a writer actor, the same in every backend: callers awaiting a name
 * ({@link Waiters}) and event subscribers ({@link Subscribers}). The actor queues the events a
 * message causes ({@link #event}) and publishes them once the message is handled
 * ({@link #publish}), so subscribers see them in the order the view changed.
 *
 * <p>The actor's own state: not thread-safe. Internal API: public for the backends' writer
 * actors, the cluster backend's in another module.
 */
public final class Listeners {

  private final ActorContext<RegistryCommand> context;
  private final RegistryView view;
  private final Waiters waiters;
  private final Subscribers subscribers = new Subscribers();
  private final List<RegistryEvent> pending = new ArrayList<>();

  /** @param reply completes an awaiting caller's future, as the backend completes its replies */
  public Listeners(ActorContext<RegistryCommand> context, TimerScheduler<RegistryCommand> timers, RegistryView view,
      BiConsumer<CompletableFuture<Optional<Registration>>, Optional<Registration>> reply) {
    this.context = context;
    this.view = view;
    this.waiters = new Waiters(timers, reply);
  }

  /** Adds the handlers of {@link Await} (and its timeout), {@link Subscribe} and {@link Unsubscribe}. */
  public ReceiveBuilder<RegistryCommand> handle(ReceiveBuilder<RegistryCommand> builder) {
    return builder
        .onMessage(Await.class, request -> {
          waiters.await(request, view);
          return Behaviors.same();
        })
        .onMessage(Waiters.TimedOut.class, timeout -> {
          waiters.timedOut(timeout);
          return Behaviors.same();
        })
        .onMessage(Subscribe.class, request -> {
          subscribers.subscribe(context, request);
          return Behaviors.same();
        })
        .onMessage(Unsubscribe.class, request -> {
          subscribers.unsubscribe(context, request);
          return Behaviors.same();
        });
  }

  /** The view shows {@code registration} anew: callers awaiting its name are answered. */
  public void registered(Registration registration) {
    waiters.registered(registration);
  }

  /** Queues an event of the message being handled. */
  public void event(RegistryEvent event) {
    pending.add(event);
  }

  /** Tells the subscribers the queued events, in order. */
  public void publish() {
    subscribers.publish(pending);
  }
}

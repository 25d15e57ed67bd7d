/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.spi.RegistryCommand;
import org.pekkomcp.registry.spi.RegistryRequest;
import org.pekkomcp.registry.spi.RegistryView;

/**
 * The open {@code await} calls of one registry actor, by name: each is answered when its name is
 * registered, or empty when its timeout fires first. The actor's own state: not thread-safe.
 *
 * <p>Internal API: public for the backends' writer actors, the cluster backend's in another module.
 */
public final class Waiters {

  /** The timer message for one waiter; the registry actor hands it to {@link #timedOut}. */
  public record TimedOut(long id) implements RegistryCommand {}

  private record Name(Kind kind, String name) {}

  private record Waiter(long id, Name name, CompletableFuture<Optional<Registration>> reply) {}

  private final TimerScheduler<RegistryCommand> timers;
  private final BiConsumer<CompletableFuture<Optional<Registration>>, Optional<Registration>> reply;
  private final Map<Name, List<Waiter>> byName = new HashMap<>();
  private final Map<Long, Waiter> byId = new HashMap<>();
  private long nextId;

  /** @param reply how the actor completes a caller's future (on which thread is its choice) */
  public Waiters(TimerScheduler<RegistryCommand> timers,
      BiConsumer<CompletableFuture<Optional<Registration>>, Optional<Registration>> reply) {
    this.timers = timers;
    this.reply = reply;
  }

  /** Answers at once if the view shows the name, else waits for it. */
  public void await(RegistryRequest.Await request, RegistryView view) {
    Optional<Registration> existing = view.whereis(request.kind(), request.name());
    if (existing.isPresent()) {
      reply.accept(request.reply(), existing);
      return;
    }
    Waiter waiter = new Waiter(nextId++, new Name(request.kind(), request.name()), request.reply());
    byId.put(waiter.id(), waiter);
    byName.computeIfAbsent(waiter.name(), k -> new ArrayList<>()).add(waiter);
    timers.startSingleTimer(new TimedOut(waiter.id()), new TimedOut(waiter.id()), request.timeout());
  }

  public void timedOut(TimedOut timeout) {
    Waiter waiter = byId.remove(timeout.id());
    if (waiter != null) {
      List<Waiter> sameName = byName.get(waiter.name());
      sameName.remove(waiter);
      if (sameName.isEmpty()) {
        byName.remove(waiter.name());
      }
      reply.accept(waiter.reply(), Optional.empty());
    }
  }

  /** Answers everyone waiting for this registration's name. */
  public void registered(Registration registration) {
    List<Waiter> waiting = byName.remove(new Name(registration.kind(), registration.name()));
    if (waiting != null) {
      for (Waiter waiter : waiting) {
        byId.remove(waiter.id());
        timers.cancel(new TimedOut(waiter.id()));
        reply.accept(waiter.reply(), Optional.of(registration));
      }
    }
  }
}

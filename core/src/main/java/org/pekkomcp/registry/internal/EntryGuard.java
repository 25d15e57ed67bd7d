/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.internal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.spi.RegistryRequest.Unregister;
import org.pekkomcp.registry.spi.RegistryRequest.Update;

/**
 * The guard every backend puts before an unregister or an update: the name must be shown
 * ({@link Outcome.NotFound} otherwise), and this node must own it ({@link Outcome.NotOwner}
 * otherwise). A backend passes what it shows for the name as {@code E} (a registration, or a
 * cluster claim) and how to tell it owns one.
 *
 * <p>Internal API: public for the backends' writer actors, the cluster backend's in another module.
 */
public final class EntryGuard {

  private EntryGuard() {}

  /** The entry the unregister removes; empty once the caller has been answered why not. */
  public static <E> Optional<E> unregistering(Unregister request, Optional<E> shown, Predicate<E> ownedHere,
      Function<E, Registration> registration, BiConsumer<CompletableFuture<Outcome.UnregisterOutcome>, Outcome.UnregisterOutcome> reply) {
    return check(request.kind(), request.name(), shown, ownedHere, registration,
        (Outcome.UnregisterOutcome refusal) -> reply.accept(request.reply(), refusal));
  }

  /** The entry the update changes; empty once the caller has been answered why not. */
  public static <E> Optional<E> updating(Update request, Optional<E> shown, Predicate<E> ownedHere,
      Function<E, Registration> registration, BiConsumer<CompletableFuture<Outcome.UpdateOutcome>, Outcome.UpdateOutcome> reply) {
    return check(request.kind(), request.name(), shown, ownedHere, registration,
        (Outcome.UpdateOutcome refusal) -> reply.accept(request.reply(), refusal));
  }

  /**
   * {@code O} is {@code UnregisterOutcome} or {@code UpdateOutcome}: {@code NotFound} and
   * {@code NotOwner} are both, which the two callers above fix, so the casts cannot fail.
   */
  @SuppressWarnings("unchecked")
  private static <E, O extends Outcome> Optional<E> check(Kind kind, String name, Optional<E> shown, Predicate<E> ownedHere,
      Function<E, Registration> registration, Consumer<O> refuse) {
    if (shown.isEmpty()) {
      refuse.accept((O) new Outcome.NotFound(kind, name));
      return Optional.empty();
    }
    if (!ownedHere.test(shown.get())) {
      refuse.accept((O) new Outcome.NotOwner(registration.apply(shown.get())));
      return Optional.empty();
    }
    return shown;
  }
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.spi;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.RegistryEvent;

/**
 * The public API's writes as messages to a backend's registry actor ({@link RegistryActorBackend}
 * sends them, input already checked). Local only: the reply futures cross no wire.
 */
public sealed interface RegistryRequest extends RegistryCommand {

  record Register(Kind kind, String name, ActorRef<?> ref, EntryConfig config, CompletableFuture<Outcome.RegisterOutcome> reply)
      implements RegistryRequest {}

  record Unregister(Kind kind, String name, CompletableFuture<Outcome.UnregisterOutcome> reply) implements RegistryRequest {}

  record Update(Kind kind, String name, EntryConfig config, CompletableFuture<Outcome.UpdateOutcome> reply) implements RegistryRequest {}

  record Join(String group, ActorRef<?> ref, CompletableFuture<Outcome.GroupOutcome> reply) implements RegistryRequest {}

  record Leave(String group, ActorRef<?> ref, CompletableFuture<Outcome.GroupOutcome> reply) implements RegistryRequest {}

  /** Completes when the name is registered, or empty after {@code timeout}. */
  record Await(Kind kind, String name, Duration timeout, CompletableFuture<Optional<Registration>> reply) implements RegistryRequest {}

  record Subscribe(long id, Consumer<RegistryEvent> listener) implements RegistryRequest {}

  record Unsubscribe(long id) implements RegistryRequest {}
}

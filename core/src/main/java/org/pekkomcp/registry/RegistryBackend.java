/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.pekkomcp.registry.Outcome.GroupOutcome;
import org.pekkomcp.registry.Outcome.RegisterOutcome;
import org.pekkomcp.registry.Outcome.UnregisterOutcome;
import org.pekkomcp.registry.Outcome.UpdateOutcome;

/**
 * The registry behaviour: the Java form of erlmcp's {@code erlmcp_registry_behavior}, with one
 * implementation per backend (one JVM, or a Pekko cluster).
 *
 * <h2>Writes</h2>
 * Writes go to this node's registry actor and answer a {@link CompletionStage} of an explicit
 * {@link Outcome}. They never throw and never complete exceptionally for bad input: that is
 * {@link Outcome.Rejected}, and nothing changes. Callbacks run on the actor system's dispatcher,
 * never on the registry actor.
 *
 * <h2>Reads</h2>
 * Reads are synchronous and lock-free: they read this node's snapshot, which the registry actor
 * publishes, and never send a message (the trick of OTP's {@code pg}, which reads an ETS table).
 * In a cluster they are eventually consistent: a write made on another node shows up here after
 * it propagates. They throw {@link IllegalArgumentException} for a null kind or group.
 *
 * <h2>Cleanup</h2>
 * The registry watches every actor it names or groups. When one stops, its entries and
 * memberships go, and subscribers are told.
 */
public interface RegistryBackend {

  /** Claims {@code name} for {@code ref}. Joins the standard groups of its kind and capabilities. */
  CompletionStage<RegisterOutcome> register(Kind kind, String name, ActorRef<?> ref, EntryConfig config);

  /** {@link #register(Kind, String, ActorRef, EntryConfig)} with an empty config. */
  default CompletionStage<RegisterOutcome> register(Kind kind, String name, ActorRef<?> ref) {
    return register(kind, name, ref, EntryConfig.empty());
  }

  /**
   * {@link #register(Kind, String, ActorRef, EntryConfig)} with the config as JSON text, for
   * callers that hold text (a request, a file): text that is not a JSON object is bad input like
   * any other and answers {@code Rejected}, where {@link EntryConfig#parse} would throw.
   */
  default CompletionStage<RegisterOutcome> register(Kind kind, String name, ActorRef<?> ref, String configJson) {
    return withConfig(configJson, config -> register(kind, name, ref, config), rejected -> rejected);
  }

  /** Removes the entry and the standard-group memberships it implied. Owner's node only. */
  CompletionStage<UnregisterOutcome> unregister(Kind kind, String name);

  /** Replaces the entry's config; moves a server between capability groups. Owner's node only. */
  CompletionStage<UpdateOutcome> update(Kind kind, String name, EntryConfig config);

  /** {@link #update(Kind, String, EntryConfig)} with the config as JSON text: not a JSON object answers {@code Rejected}. */
  default CompletionStage<UpdateOutcome> update(Kind kind, String name, String configJson) {
    return withConfig(configJson, config -> update(kind, name, config), rejected -> rejected);
  }

  /** {@code use} of the parsed config, or {@code Rejected} with the parse error: nothing is sent. */
  private static <T> CompletionStage<T> withConfig(
      String json, Function<EntryConfig, CompletionStage<T>> use, Function<Outcome.Rejected, T> reject) {
    EntryConfig config;
    try {
      config = EntryConfig.parse(json);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(reject.apply(new Outcome.Rejected(e.getMessage())));
    }
    return use.apply(config);
  }

  /** Adds {@code ref} to {@code group}. A ref is in a group once, however often it joins. */
  CompletionStage<GroupOutcome> join(String group, ActorRef<?> ref);

  /** Removes the explicit membership of {@code ref} in {@code group}. */
  CompletionStage<GroupOutcome> leave(String group, ActorRef<?> ref);

  /** The entry named {@code name}, as this node sees it now. */
  Optional<Registration> whereis(Kind kind, String name);

  /** Every entry of {@code kind}, as this node sees it now (an immutable copy, unordered). */
  List<Registration> list(Kind kind);

  /** The members of {@code group} on all nodes (an immutable snapshot; empty for no group). */
  Set<ActorRef<?>> members(String group);

  /** The members of {@code group} that live on this node. */
  Set<ActorRef<?>> localMembers(String group);

  /** The groups that have at least one member. */
  Set<String> groups();

  /** Whether this backend spans a cluster. */
  boolean isDistributed();

  /**
   * The members this node's registry is still catching up with: voting members it is in contact
   * with (not seen unreachable, and whose process is not known to be gone) of which it does not
   * hold every entry yet, because it has applied no snapshot of theirs since it last lost sight
   * of them, or missed one of their pushes since. Empty when the registry holds everything it can
   * reach: readiness checks wait for that. Read from a snapshot the registry actor publishes, like
   * the other reads; always empty for a backend without peers.
   */
  default Set<Address> catchingUpWith() {
    return Set.of();
  }

  /**
   * Completes with the entry as soon as {@code name} is registered (at once if it is), or with
   * empty when {@code timeout} passes first.
   */
  CompletionStage<Optional<Registration>> await(Kind kind, String name, Duration timeout);

  /**
   * Delivers every later event on this node to {@code listener}, one at a time and in order, on
   * an actor of its own (a slow listener delays only itself). Exceptions it throws are logged.
   */
  Subscription subscribe(Consumer<RegistryEvent> listener);
}

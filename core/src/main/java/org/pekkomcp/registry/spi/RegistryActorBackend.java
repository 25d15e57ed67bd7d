/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.spi;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.Outcome.GroupOutcome;
import org.pekkomcp.registry.Outcome.RegisterOutcome;
import org.pekkomcp.registry.Outcome.UnregisterOutcome;
import org.pekkomcp.registry.Outcome.UpdateOutcome;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.RegistryBackend;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.registry.RegistryInstrumentation;
import org.pekkomcp.registry.RegistrySettings;
import org.pekkomcp.registry.Subscription;
import org.pekkomcp.registry.internal.InputCheck;
import org.pekkomcp.registry.internal.ReplyFuture;

/**
 * A backend with one writer actor per node and a {@link RegistryView} it publishes: the shape of
 * both shipped backends. Reads come from the view on the caller's thread; writes are checked on
 * the caller's thread (bad input is answered without a message) and sent as
 * {@link RegistryRequest}s, whose futures complete on {@code replies}, never on the actor.
 */
public abstract class RegistryActorBackend implements RegistryBackend {

  private final RegistrySettings settings;
  private final RegistryView view;
  private final Executor replies;
  private final AtomicLong subscriptionIds = new AtomicLong();

  protected RegistryActorBackend(RegistrySettings settings, RegistryView view, Executor replies) {
    this.settings = settings;
    this.view = view;
    this.replies = replies;
  }

  /** The registry actor the requests go to; made by the subclass's constructor. */
  protected abstract ActorRef<? super RegistryRequest> registry();

  /**
   * Where bad input answered on the caller's thread is reported ({@link RegistryInstrumentation.RejectReason#INVALID_INPUT}):
   * the system's {@link org.pekkomcp.registry.RegistryInstrumentations#current()} in the shipped backends.
   */
  protected RegistryInstrumentation instrumentation() {
    return RegistryInstrumentation.NONE;
  }

  @Override
  public CompletionStage<RegisterOutcome> register(Kind kind, String name, ActorRef<?> ref, EntryConfig config) {
    return sendUnless(InputCheck.register(kind, name, ref, config, settings.maxConfigBytes()),
        reply -> new RegistryRequest.Register(kind, name, ref, config, reply));
  }

  @Override
  public CompletionStage<UnregisterOutcome> unregister(Kind kind, String name) {
    return sendUnless(InputCheck.entry(kind, name), reply -> new RegistryRequest.Unregister(kind, name, reply));
  }

  @Override
  public CompletionStage<UpdateOutcome> update(Kind kind, String name, EntryConfig config) {
    return sendUnless(InputCheck.update(kind, name, config, settings.maxConfigBytes()),
        reply -> new RegistryRequest.Update(kind, name, config, reply));
  }

  @Override
  public CompletionStage<GroupOutcome> join(String group, ActorRef<?> ref) {
    return sendUnless(InputCheck.membership(group, ref), reply -> new RegistryRequest.Join(group, ref, reply));
  }

  @Override
  public CompletionStage<GroupOutcome> leave(String group, ActorRef<?> ref) {
    return sendUnless(InputCheck.membership(group, ref), reply -> new RegistryRequest.Leave(group, ref, reply));
  }

  @Override
  public Optional<Registration> whereis(Kind kind, String name) {
    return view.whereis(kind, name);
  }

  @Override
  public List<Registration> list(Kind kind) {
    return view.list(kind);
  }

  @Override
  public Set<ActorRef<?>> members(String group) {
    return view.members(group);
  }

  @Override
  public Set<ActorRef<?>> localMembers(String group) {
    return view.localMembers(group);
  }

  @Override
  public Set<String> groups() {
    return view.groups();
  }

  @Override
  public CompletionStage<Optional<Registration>> await(Kind kind, String name, Duration timeout) {
    InputCheck.requireArgument(kind, "kind");
    InputCheck.requireArgument(name, "name");
    InputCheck.requireArgument(timeout, "timeout");
    Optional<Registration> present = view.whereis(kind, name);
    if (present.isPresent()) {
      return CompletableFuture.completedFuture(present);
    }
    return send(reply -> new RegistryRequest.Await(kind, name, timeout, reply));
  }

  @Override
  public Subscription subscribe(Consumer<RegistryEvent> listener) {
    InputCheck.requireArgument(listener, "listener");
    long id = subscriptionIds.incrementAndGet();
    registry().tell(new RegistryRequest.Subscribe(id, listener));
    return () -> registry().tell(new RegistryRequest.Unsubscribe(id));
  }

  /** Answers {@code problem} at once if there is one, else sends the request. */
  @SuppressWarnings("unchecked") // Rejected implements every outcome type a write can answer
  private <T extends Outcome> CompletionStage<T> sendUnless(
      Optional<Outcome.Rejected> problem, Function<CompletableFuture<T>, RegistryRequest> request) {
    if (problem.isPresent()) {
      instrumentation().rejected(RegistryInstrumentation.RejectReason.INVALID_INPUT);
      return CompletableFuture.completedFuture((T) problem.get());
    }
    return send(request);
  }

  private <T> CompletionStage<T> send(Function<CompletableFuture<T>, RegistryRequest> request) {
    CompletableFuture<T> reply = new ReplyFuture<>(replies);
    registry().tell(request.apply(reply));
    return reply;
  }
}

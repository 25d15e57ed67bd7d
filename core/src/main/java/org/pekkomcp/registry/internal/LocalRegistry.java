/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.pekkomcp.registry.Groups;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.registry.RegistryEvent.RemovalReason;
import org.pekkomcp.registry.spi.RegistryCommand;
import org.pekkomcp.registry.spi.RegistryRequest.Join;
import org.pekkomcp.registry.spi.RegistryRequest.Leave;
import org.pekkomcp.registry.spi.RegistryRequest.Register;
import org.pekkomcp.registry.spi.RegistryRequest.Unregister;
import org.pekkomcp.registry.spi.RegistryRequest.Update;
import org.pekkomcp.registry.spi.RegistryView;

/**
 * The single writer of a one-JVM registry: the gproc of this library.
 *
 * <p>Every write is a message here, so writes are serialized and the events of one name come out
 * in the order they happened. Each write updates the shared {@link RegistryView} first and tells
 * subscribers after, so a listener never reads a state older than its event. Replies complete
 * the caller's {@link ReplyFuture} here; its callbacks run on the
 * dispatcher, never on this actor.
 *
 * <p>Every ref that holds a name or an explicit membership is watched; on {@code Terminated} all
 * of it is removed before any event goes out. A ref that comes to hold nothing is unwatched
 * lazily, by a sweep every {@link #IDLE_SWEEP}: watching and unwatching are system messages to
 * the ref, and a register+unregister cycle would otherwise pay for both every time.
 *
 * <p>Internal API: public only for {@link org.pekkomcp.registry.local.LocalBackend}, which starts it.
 */
public final class LocalRegistry extends AbstractBehavior<RegistryCommand> {

  private enum SweepIdle implements RegistryCommand {
    INSTANCE
  }

  static final Duration IDLE_SWEEP = Duration.ofSeconds(1);

  private record NameKey(Kind kind, String name) {}

  /** Every entry of a one-JVM registry is this node's own. */
  private static final Predicate<Registration> OWNED = r -> true;

  /** What one watched ref holds: its names and its explicit group memberships. */
  private static final class Holdings {
    final Set<NameKey> names = new LinkedHashSet<>();
    final Set<String> explicitGroups = new LinkedHashSet<>();

    boolean isEmpty() {
      return names.isEmpty() && explicitGroups.isEmpty();
    }
  }

  public static Behavior<RegistryCommand> create(RegistryView view, Address node) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new LocalRegistry(context, timers, view, node)));
  }

  private final TimerScheduler<RegistryCommand> timers;
  private final RegistryView view;
  private final Address node;
  private final Map<ActorRef<?>, Holdings> holdings = new HashMap<>();
  private final Set<ActorRef<?>> idle = new HashSet<>();
  private final Listeners listeners;

  private LocalRegistry(ActorContext<RegistryCommand> context, TimerScheduler<RegistryCommand> timers, RegistryView view, Address node) {
    super(context);
    this.timers = timers;
    this.listeners = new Listeners(context, timers, view, LocalRegistry::reply);
    this.view = view;
    this.node = node;
  }

  @Override
  public Receive<RegistryCommand> createReceive() {
    return listeners.handle(newReceiveBuilder())
        .onMessage(Register.class, this::onRegister)
        .onMessage(Unregister.class, this::onUnregister)
        .onMessage(Update.class, this::onUpdate)
        .onMessage(Join.class, this::onJoin)
        .onMessage(Leave.class, this::onLeave)
        .onMessageEquals(SweepIdle.INSTANCE, this::onSweepIdle)
        .onSignal(Terminated.class, this::onTerminated)
        .build();
  }

  private Behavior<RegistryCommand> onRegister(Register cmd) {
    Optional<Registration> existing = view.whereis(cmd.kind(), cmd.name());
    if (existing.isPresent()) {
      reply(cmd.reply(), new Outcome.AlreadyRegistered(existing.get()));
      return this;
    }
    Registration registration = new Registration(cmd.kind(), cmd.name(), cmd.ref(), cmd.config(), node);
    listeners.event(new RegistryEvent.Registered(registration));
    // The view gets the groups first, then the name: a reader that sees a newly registered name
    // also sees the standard groups it implies. Events keep their order.
    for (String group : Groups.standardGroups(cmd.kind(), cmd.config())) {
      addMember(group, cmd.ref());
    }
    view.put(registration);
    holdingsOf(cmd.ref()).names.add(new NameKey(cmd.kind(), cmd.name()));
    listeners.registered(registration);
    reply(cmd.reply(), new Outcome.Registered(registration));
    publishPending();
    return this;
  }

  private Behavior<RegistryCommand> onUnregister(Unregister cmd) {
    Optional<Registration> existing = EntryGuard.unregistering(cmd, view.whereis(cmd.kind(), cmd.name()), OWNED, r -> r,
        LocalRegistry::reply);
    if (existing.isEmpty()) {
      return this;
    }
    Registration removed = existing.get();
    removeEntry(removed, RemovalReason.UNREGISTERED);
    Holdings held = holdings.get(removed.ref());
    held.names.remove(new NameKey(removed.kind(), removed.name()));
    unwatchIfIdle(removed.ref(), held);
    reply(cmd.reply(), new Outcome.Unregistered(removed));
    publishPending();
    return this;
  }

  private Behavior<RegistryCommand> onUpdate(Update cmd) {
    Optional<Registration> existing = EntryGuard.updating(cmd, view.whereis(cmd.kind(), cmd.name()), OWNED, r -> r,
        LocalRegistry::reply);
    if (existing.isEmpty()) {
      return this;
    }
    Registration previous = existing.get();
    Registration current = previous.withConfig(cmd.config());
    Set<String> before = Groups.standardGroups(previous.kind(), previous.config());
    Set<String> after = Groups.standardGroups(current.kind(), current.config());
    view.put(current);
    listeners.event(new RegistryEvent.Updated(previous, current));
    for (String group : before) {
      if (!after.contains(group)) {
        removeMember(group, current.ref());
      }
    }
    for (String group : after) {
      if (!before.contains(group)) {
        addMember(group, current.ref());
      }
    }
    reply(cmd.reply(), new Outcome.Updated(current));
    publishPending();
    return this;
  }

  private Behavior<RegistryCommand> onJoin(Join cmd) {
    if (holdingsOf(cmd.ref()).explicitGroups.add(cmd.group())) {
      addMember(cmd.group(), cmd.ref());
    }
    reply(cmd.reply(), new Outcome.Joined(cmd.group(), cmd.ref()));
    publishPending();
    return this;
  }

  private Behavior<RegistryCommand> onLeave(Leave cmd) {
    Holdings held = holdings.get(cmd.ref());
    if (held == null || !held.explicitGroups.remove(cmd.group())) {
      reply(cmd.reply(), new Outcome.NotMember(cmd.group(), cmd.ref()));
      return this;
    }
    removeMember(cmd.group(), cmd.ref());
    unwatchIfIdle(cmd.ref(), held);
    reply(cmd.reply(), new Outcome.Left(cmd.group(), cmd.ref()));
    publishPending();
    return this;
  }

  private Behavior<RegistryCommand> onTerminated(Terminated signal) {
    Holdings held = holdings.remove(signal.getRef());
    if (held == null) {
      return this;
    }
    for (String group : held.explicitGroups) {
      removeMember(group, signal.getRef());
    }
    for (NameKey key : held.names) {
      view.whereis(key.kind(), key.name()).ifPresent(r -> removeEntry(r, RemovalReason.TERMINATED));
    }
    publishPending();
    return this;
  }

  /** Removes a name and the standard memberships it implied; queues the events, groups first. */
  private void removeEntry(Registration entry, RemovalReason reason) {
    for (String group : Groups.standardGroups(entry.kind(), entry.config())) {
      removeMember(group, entry.ref());
    }
    view.remove(entry);
    listeners.event(new RegistryEvent.Unregistered(entry, reason));
  }

  private void addMember(String group, ActorRef<?> ref) {
    if (view.addMember(group, ref)) {
      listeners.event(new RegistryEvent.Joined(group, ref));
    }
  }

  private void removeMember(String group, ActorRef<?> ref) {
    if (view.removeMember(group, ref)) {
      listeners.event(new RegistryEvent.Left(group, ref));
    }
  }

  private Holdings holdingsOf(ActorRef<?> ref) {
    idle.remove(ref);
    return holdings.computeIfAbsent(ref, r -> {
      getContext().watch(r);
      return new Holdings();
    });
  }

  private void unwatchIfIdle(ActorRef<?> ref, Holdings held) {
    if (held.isEmpty() && idle.add(ref) && idle.size() == 1) {
      timers.startSingleTimer(SweepIdle.INSTANCE, SweepIdle.INSTANCE, IDLE_SWEEP);
    }
  }

  private Behavior<RegistryCommand> onSweepIdle() {
    for (ActorRef<?> ref : idle) {
      Holdings held = holdings.get(ref);
      if (held != null && held.isEmpty()) {
        holdings.remove(ref);
        getContext().unwatch(ref);
      }
    }
    idle.clear();
    return this;
  }

  private void publishPending() {
    listeners.publish();
  }

  private static <T> void reply(CompletableFuture<T> future, T value) {
    future.complete(value);
  }
}

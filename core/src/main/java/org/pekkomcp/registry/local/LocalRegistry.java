package org.pekkomcp.registry.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Groups;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.registry.RegistryEvent.RemovalReason;
import org.pekkomcp.registry.spi.EventListenerActor;
import org.pekkomcp.registry.spi.RegistryView;

/**
 * The single writer of a one-JVM registry: the gproc of this library.
 *
 * <p>Every write is a message here, so writes are serialized and the events of one name come out
 * in the order they happened. Each write updates the shared {@link RegistryView} first and tells
 * subscribers after, so a listener never reads a state older than its event. Replies complete
 * the caller's {@link org.pekkomcp.registry.spi.ReplyFuture} here; its callbacks run on the
 * dispatcher, never on this actor.
 *
 * <p>Every ref that holds a name or an explicit membership is watched; on {@code Terminated} all
 * of it is removed before any event goes out. A ref that comes to hold nothing is unwatched
 * lazily, by a sweep every {@link #IDLE_SWEEP}: watching and unwatching are system messages to
 * the ref, and a register+unregister cycle would otherwise pay for both every time.
 */
final class LocalRegistry extends AbstractBehavior<LocalRegistry.Command> {

  /** The protocol; local only (futures cross no wire). */
  sealed interface Command {}

  record Register(Kind kind, String name, ActorRef<?> ref, EntryConfig config, CompletableFuture<Outcome.RegisterOutcome> reply) implements Command {}

  record Unregister(Kind kind, String name, CompletableFuture<Outcome.UnregisterOutcome> reply) implements Command {}

  record Update(Kind kind, String name, EntryConfig config, CompletableFuture<Outcome.UpdateOutcome> reply) implements Command {}

  record Join(String group, ActorRef<?> ref, CompletableFuture<Outcome.GroupOutcome> reply) implements Command {}

  record Leave(String group, ActorRef<?> ref, CompletableFuture<Outcome.GroupOutcome> reply) implements Command {}

  record Await(Kind kind, String name, Duration timeout, CompletableFuture<Optional<Registration>> reply) implements Command {}

  record Subscribe(long id, Consumer<RegistryEvent> listener) implements Command {}

  record Unsubscribe(long id) implements Command {}

  private record AwaitTimedOut(long waiterId) implements Command {}

  private enum SweepIdle implements Command {
    INSTANCE
  }

  static final Duration IDLE_SWEEP = Duration.ofSeconds(1);

  private record NameKey(Kind kind, String name) {}

  private record Waiter(long id, NameKey key, CompletableFuture<Optional<Registration>> reply) {}

  /** What one watched ref holds: its names and its explicit group memberships. */
  private static final class Holdings {
    final Set<NameKey> names = new LinkedHashSet<>();
    final Set<String> explicitGroups = new LinkedHashSet<>();

    boolean isEmpty() {
      return names.isEmpty() && explicitGroups.isEmpty();
    }
  }

  static Behavior<Command> create(RegistryView view, Address node) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new LocalRegistry(context, timers, view, node)));
  }

  private final TimerScheduler<Command> timers;
  private final RegistryView view;
  private final Address node;
  private final Map<ActorRef<?>, Holdings> holdings = new HashMap<>();
  private final Set<ActorRef<?>> idle = new HashSet<>();
  private final Map<NameKey, List<Waiter>> waitersByName = new HashMap<>();
  private final Map<Long, Waiter> waitersById = new HashMap<>();
  private final Map<Long, ActorRef<RegistryEvent>> subscribers = new HashMap<>();
  private final List<RegistryEvent> pending = new ArrayList<>();
  private long nextWaiterId;

  private LocalRegistry(ActorContext<Command> context, TimerScheduler<Command> timers, RegistryView view, Address node) {
    super(context);
    this.timers = timers;
    this.view = view;
    this.node = node;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Register.class, this::onRegister)
        .onMessage(Unregister.class, this::onUnregister)
        .onMessage(Update.class, this::onUpdate)
        .onMessage(Join.class, this::onJoin)
        .onMessage(Leave.class, this::onLeave)
        .onMessage(Await.class, this::onAwait)
        .onMessage(AwaitTimedOut.class, this::onAwaitTimedOut)
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Unsubscribe.class, this::onUnsubscribe)
        .onMessageEquals(SweepIdle.INSTANCE, this::onSweepIdle)
        .onSignal(Terminated.class, this::onTerminated)
        .build();
  }

  private Behavior<Command> onRegister(Register cmd) {
    Optional<Registration> existing = view.whereis(cmd.kind(), cmd.name());
    if (existing.isPresent()) {
      reply(cmd.reply(), new Outcome.AlreadyRegistered(existing.get()));
      return this;
    }
    Registration registration = new Registration(cmd.kind(), cmd.name(), cmd.ref(), cmd.config(), node);
    pending.add(new RegistryEvent.Registered(registration));
    // The view gets the groups first, then the name: a reader that sees a newly registered name
    // also sees the standard groups it implies. Events keep their order.
    for (String group : Groups.standardGroups(cmd.kind(), cmd.config())) {
      addMember(group, cmd.ref());
    }
    view.put(registration);
    holdingsOf(cmd.ref()).names.add(new NameKey(cmd.kind(), cmd.name()));
    completeWaiters(registration);
    reply(cmd.reply(), new Outcome.Registered(registration));
    publishPending();
    return this;
  }

  private Behavior<Command> onUnregister(Unregister cmd) {
    Optional<Registration> existing = view.whereis(cmd.kind(), cmd.name());
    if (existing.isEmpty()) {
      reply(cmd.reply(), new Outcome.NotFound(cmd.kind(), cmd.name()));
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

  private Behavior<Command> onUpdate(Update cmd) {
    Optional<Registration> existing = view.whereis(cmd.kind(), cmd.name());
    if (existing.isEmpty()) {
      reply(cmd.reply(), new Outcome.NotFound(cmd.kind(), cmd.name()));
      return this;
    }
    Registration previous = existing.get();
    Registration current = previous.withConfig(cmd.config());
    Set<String> before = Groups.standardGroups(previous.kind(), previous.config());
    Set<String> after = Groups.standardGroups(current.kind(), current.config());
    view.put(current);
    pending.add(new RegistryEvent.Updated(previous, current));
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

  private Behavior<Command> onJoin(Join cmd) {
    if (holdingsOf(cmd.ref()).explicitGroups.add(cmd.group())) {
      addMember(cmd.group(), cmd.ref());
    }
    reply(cmd.reply(), new Outcome.Joined(cmd.group(), cmd.ref()));
    publishPending();
    return this;
  }

  private Behavior<Command> onLeave(Leave cmd) {
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

  private Behavior<Command> onTerminated(Terminated signal) {
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

  private Behavior<Command> onAwait(Await cmd) {
    Optional<Registration> existing = view.whereis(cmd.kind(), cmd.name());
    if (existing.isPresent()) {
      reply(cmd.reply(), existing);
      return this;
    }
    Waiter waiter = new Waiter(nextWaiterId++, new NameKey(cmd.kind(), cmd.name()), cmd.reply());
    waitersById.put(waiter.id(), waiter);
    waitersByName.computeIfAbsent(waiter.key(), k -> new ArrayList<>()).add(waiter);
    timers.startSingleTimer(waiter.id(), new AwaitTimedOut(waiter.id()), cmd.timeout());
    return this;
  }

  private Behavior<Command> onAwaitTimedOut(AwaitTimedOut msg) {
    Waiter waiter = waitersById.remove(msg.waiterId());
    if (waiter != null) {
      List<Waiter> sameName = waitersByName.get(waiter.key());
      sameName.remove(waiter);
      if (sameName.isEmpty()) {
        waitersByName.remove(waiter.key());
      }
      reply(waiter.reply(), Optional.empty());
    }
    return this;
  }

  private Behavior<Command> onSubscribe(Subscribe cmd) {
    subscribers.put(cmd.id(), getContext().spawnAnonymous(EventListenerActor.create(cmd.listener())));
    return this;
  }

  private Behavior<Command> onUnsubscribe(Unsubscribe cmd) {
    ActorRef<RegistryEvent> listener = subscribers.remove(cmd.id());
    if (listener != null) {
      getContext().stop(listener);
    }
    return this;
  }

  /** Removes a name and the standard memberships it implied; queues the events, groups first. */
  private void removeEntry(Registration entry, RemovalReason reason) {
    for (String group : Groups.standardGroups(entry.kind(), entry.config())) {
      removeMember(group, entry.ref());
    }
    view.remove(entry);
    pending.add(new RegistryEvent.Unregistered(entry, reason));
  }

  private void addMember(String group, ActorRef<?> ref) {
    if (view.addMember(group, ref)) {
      pending.add(new RegistryEvent.Joined(group, ref));
    }
  }

  private void removeMember(String group, ActorRef<?> ref) {
    if (view.removeMember(group, ref)) {
      pending.add(new RegistryEvent.Left(group, ref));
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

  private Behavior<Command> onSweepIdle() {
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

  private void completeWaiters(Registration registration) {
    List<Waiter> waiting = waitersByName.remove(new NameKey(registration.kind(), registration.name()));
    if (waiting != null) {
      for (Waiter waiter : waiting) {
        waitersById.remove(waiter.id());
        timers.cancel(waiter.id());
        reply(waiter.reply(), Optional.of(registration));
      }
    }
  }

  private void publishPending() {
    if (!subscribers.isEmpty()) {
      for (RegistryEvent event : pending) {
        subscribers.values().forEach(s -> s.tell(event));
      }
    }
    pending.clear();
  }

  private static <T> void reply(CompletableFuture<T> future, T value) {
    future.complete(value);
  }
}

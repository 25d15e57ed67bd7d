/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.sharding;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;

/**
 * Keeps one declared server running on this node: the Sharding entity of that server (entity id
 * = server name), or on the local backend a plain actor doing the same job.
 *
 * <p>The instance is a child, started from the node's {@link ServerSpec}; it registers itself
 * under the server's name. When it stops or fails, the host starts a new one after a
 * {@link Backoff} pause, so a server keeps its place in the cluster through its own failures,
 * and a new instance that finds the name still held by a crashed node's instance (its claim not
 * yet pruned) tries again shortly.
 *
 * <p>On {@link HandOff} (Sharding's stop message: the node leaves, or a rebalance moves the
 * server) the host removes the name from the registry first, so that clients' sessions stop
 * sending to this instance and wait for the next one; lets the instance answer for
 * {@code hand-off-drain} what was sent to it before the sessions learned that; then stops it and
 * itself. Sharding starts the next instance after this host has stopped, so two instances never
 * serve at once and the next one finds the name free.
 *
 * <p>On {@link Retire} the host asks to be passivated; the hand-off that follows stops it for
 * good (Sharding forgets a passivated remembered entity). But Sharding starts an entity again
 * for any message that reaches it while it passivates (it buffers the message, then starts the
 * entity to deliver it) or after it stopped, and a host reads that message only after its
 * setup. Such messages are real: an {@link Ensure} a node sent when it declared the server, held
 * up while its region waited for the shard's location, or the retirement's own retry. So the
 * host records on its node when the server was retired here, and a host that starts while that
 * record stands does not start the server: it waits for the message that started it. A
 * {@link Retire}, or an {@link Ensure} declared before the retirement, passivates it again; an
 * {@link Ensure} declared after it (a new declaration), or no message within
 * {@link #RETIRED_GRACE} (Sharding restarted a remembered entity), starts the server as usual.
 * The record is kept on the node where the server was retired: a late message that reaches the
 * server's shard after it moved to another node (its node left in the meantime) still starts it.
 */
final class ServerHost {

  /** What a host understands. */
  sealed interface Command {}

  /** The messages that cross nodes; they have their own serializer ({@link PlacementSerializer}). */
  sealed interface WireCommand extends Command {}

  /**
   * Start (or keep running) the server: what a declaration sends to its entity.
   * {@code declaredAt} is when (epoch milliseconds on the declaring node's clock), so that a host
   * started after a retirement tells a new declaration from one sent before the retirement.
   */
  record Ensure(long declaredAt) implements WireCommand {}

  /** Stop the instance, free its name, then stop: Sharding's stop message for hand-off. */
  record HandOff() implements WireCommand {
    static final HandOff INSTANCE = new HandOff();
  }

  /**
   * Stop for good: passivate, so that Sharding forgets the remembered entity, then hand off.
   * {@code retiredAt} is when {@code retire} was called (epoch milliseconds on that node's clock).
   */
  record Retire(long retiredAt) implements WireCommand {}

  private record LookForSpec() implements Command {}

  private record Respawn() implements Command {}

  private record Unregistered(Optional<Throwable> failure) implements Command {}

  private record HandOffTimedOut() implements Command {}

  /** The instance has answered, for the drain, what was sent to it before its name went. */
  private record Drained() implements Command {}

  /** A host started after a retirement has had no message that says why it started. */
  private record NoLateRetirement() implements Command {}

  private static final Duration LOOK_INTERVAL = Duration.ofMillis(100);

  /**
   * How long a host started after its server's retirement on this node waits for the message
   * that started it. Sharding sends that message as it starts the entity, so it is there at once;
   * a remembered entity started without a message waits this long before its server starts.
   */
  static final Duration RETIRED_GRACE = Duration.ofSeconds(1);

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final String name;
  private final PlacementSettings settings;
  private final Set<String> runningHere;
  private final Map<String, Long> retiredHere;
  private final Runnable passivate;
  private int incarnation;
  private boolean retiring;

  private ServerHost(ActorContext<Command> context, TimerScheduler<Command> timers, String name,
      PlacementSettings settings, Set<String> runningHere, Map<String, Long> retiredHere, Runnable passivate) {
    this.context = context;
    this.timers = timers;
    this.name = name;
    this.settings = settings;
    this.runningHere = runningHere;
    this.retiredHere = retiredHere;
    this.passivate = passivate;
  }

  /**
   * A host for server {@code name}; {@code catalog} finds this node's declaration of it,
   * {@code runningHere} holds the names of the servers whose instance runs on this node, and
   * {@code retiredHere} when each server retired on this node was retired (a declaration on
   * this node removes its name).
   * {@code passivate} asks whoever runs the host to stop it for good, which ends in a
   * {@link HandOff} to the host (Sharding: {@code Passivate} to the shard, which then forgets the
   * remembered entity; on one JVM: a {@code HandOff} to itself).
   */
  static Behavior<Command> create(String name, Function<String, Optional<ServerSpec>> catalog,
      PlacementSettings settings, Set<String> runningHere, Map<String, Long> retiredHere,
      Function<ActorRef<Command>, Runnable> passivate) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      ServerHost host = new ServerHost(context, timers, name, settings, runningHere, retiredHere,
          passivate.apply(context.getSelf()));
      Long retiredAt = retiredHere.get(name);
      if (retiredAt != null) {
        timers.startSingleTimer(new NoLateRetirement(), RETIRED_GRACE);
        return host.retired(catalog, retiredAt);
      }
      return host.begin(catalog);
    }));
  }

  private Behavior<Command> begin(Function<String, Optional<ServerSpec>> catalog) {
    Optional<ServerSpec> spec = catalog.apply(name);
    if (spec.isPresent()) {
      return start(spec.get(), settings.restartBackoff());
    }
    timers.startTimerWithFixedDelay(new LookForSpec(), LOOK_INTERVAL);
    return awaitingDeclaration(catalog, Instant.now().plus(settings.undeclaredWait()));
  }

  /**
   * Started while the server stands retired on this node: no instance until the message that
   * started this host says that it should run (see the class doc).
   */
  private Behavior<Command> retired(Function<String, Optional<ServerSpec>> catalog, long retiredAt) {
    return Behaviors.receive(Command.class)
        .onMessage(Retire.class, late -> stayRetired("a retirement"))
        .onMessage(Ensure.class, declared -> {
          if (declared.declaredAt() <= retiredAt) {
            return stayRetired("a declaration made before the retirement");
          }
          timers.cancel(new NoLateRetirement());
          retiredHere.remove(name, retiredAt);
          return begin(catalog);
        })
        .onMessage(NoLateRetirement.class, none -> {
          retiredHere.remove(name, retiredAt);
          return begin(catalog);
        })
        .onMessage(HandOff.class, h -> Behaviors.stopped())
        .build();
  }

  /** A message sent before the retirement started this host: passivates it again, no instance. */
  private Behavior<Command> stayRetired(String late) {
    timers.cancel(new NoLateRetirement());
    context.getLog().info("MCP server '{}' stays stopped on {}: {} reached it after it was retired here",
        name, context.getSystem().address(), late);
    passivate.run();
    return Behaviors.receive(Command.class)
        .onMessage(HandOff.class, h -> Behaviors.stopped())
        .onAnyMessage(other -> Behaviors.same())
        .build();
  }

  private Behavior<Command> awaitingDeclaration(Function<String, Optional<ServerSpec>> catalog, Instant deadline) {
    return Behaviors.receive(Command.class)
        .onMessage(LookForSpec.class, look -> {
          Optional<ServerSpec> spec = catalog.apply(name);
          if (spec.isPresent()) {
            timers.cancel(new LookForSpec());
            return start(spec.get(), settings.restartBackoff());
          }
          if (Instant.now().isAfter(deadline)) {
            context.getLog().error("MCP server '{}' was placed on {}, which has not declared it within {}: "
                + "declare it on every node that may host it", name, context.getSystem().address(), settings.undeclaredWait());
            return Behaviors.stopped();
          }
          return Behaviors.same();
        })
        .onMessage(HandOff.class, h -> Behaviors.stopped())
        .onMessage(Retire.class, this::retire)
        .onMessage(Ensure.class, e -> Behaviors.same())
        .build();
  }

  private Behavior<Command> start(ServerSpec spec, Backoff backoff) {
    ActorRef<McpServer.Command> instance = context.spawn(spec.factory().get(), "server-" + (++incarnation));
    context.watch(instance);
    runningHere.add(name);
    context.getLog().info("MCP server '{}' starts on {}", name, context.getSystem().address());
    return running(spec, instance, Instant.now(), backoff);
  }

  private Behavior<Command> running(ServerSpec spec, ActorRef<McpServer.Command> instance, Instant since, Backoff backoff) {
    return Behaviors.receive(Command.class)
        .onSignal(Terminated.class, stopped -> {
          if (!stopped.getRef().equals(instance)) {
            return Behaviors.same();
          }
          runningHere.remove(name);
          Backoff next = backoff.stopped(Duration.between(since, Instant.now()));
          String why = stopped instanceof ChildFailed failed ? "failed (" + failed.getCause() + ")" : "stopped";
          context.getLog().warn("MCP server '{}' {} on {}; starting it again in {} ms", name, why,
              context.getSystem().address(), next.delay().toMillis());
          timers.startSingleTimer(new Respawn(), next.delay());
          return restarting(spec, next);
        })
        .onMessage(HandOff.class, h -> draining(instance))
        .onMessage(Retire.class, this::retire)
        .onMessage(Ensure.class, e -> Behaviors.same())
        .build();
  }

  private Behavior<Command> restarting(ServerSpec spec, Backoff backoff) {
    return Behaviors.receive(Command.class)
        .onMessage(Respawn.class, r -> start(spec, backoff))
        .onMessage(HandOff.class, h -> handingOff())
        .onMessage(Retire.class, this::retire)
        .onMessage(Ensure.class, e -> Behaviors.same())
        .build();
  }

  /**
   * Hands off a running instance: removes the name, lets the instance answer for the drain what
   * sessions sent it before they learned that the name had gone, then stops it and stops;
   * bounded by hand-off-timeout. An instance that stops by itself meanwhile ends the hand-off.
   */
  private Behavior<Command> draining(ActorRef<McpServer.Command> instance) {
    return handOff(Behaviors.receive(Command.class)
        .onMessage(Unregistered.class, done -> {
          warnIfFailed(done);
          timers.startSingleTimer(new Drained(), settings.handOffDrain());
          return Behaviors.same();
        })
        .onMessage(Drained.class, drained -> {
          context.stop(instance);
          return Behaviors.same();
        })
        .onSignal(Terminated.class, stopped -> {
          if (!stopped.getRef().equals(instance)) {
            return Behaviors.same();
          }
          runningHere.remove(name);
          context.getLog().info("MCP server '{}' handed off from {}", name, context.getSystem().address());
          return Behaviors.stopped();
        }));
  }

  /** Hands off while no instance runs (between restarts): removes the name, stops; bounded by hand-off-timeout. */
  private Behavior<Command> handingOff() {
    return handOff(Behaviors.receive(Command.class).onMessage(Unregistered.class, done -> {
      warnIfFailed(done);
      context.getLog().info("MCP server '{}' handed off from {}", name, context.getSystem().address());
      return Behaviors.stopped();
    }));
  }

  /** Starts a hand-off (its timeout, the name's removal); {@code steps} take it on, other commands are ignored. */
  private Behavior<Command> handOff(BehaviorBuilder<Command> steps) {
    timers.startSingleTimer(new HandOffTimedOut(), settings.handOffTimeout());
    unregister();
    return steps
        .onMessage(HandOffTimedOut.class, this::handOffTimedOut)
        .onMessage(Ensure.class, e -> Behaviors.same())
        .onMessage(HandOff.class, h -> Behaviors.same())
        .onMessage(Retire.class, r -> Behaviors.same())
        .build();
  }

  private void warnIfFailed(Unregistered done) {
    done.failure().ifPresent(failure -> context.getLog().warn("MCP server '{}' is handed off from {}; removing its name "
        + "failed: {}", name, context.getSystem().address(), failure.toString()));
  }

  private Behavior<Command> handOffTimedOut(HandOffTimedOut timedOut) {
    context.getLog().warn("MCP server '{}' did not stop and unregister within {}; handing it off anyway",
        name, settings.handOffTimeout());
    return Behaviors.stopped();
  }

  /**
   * Records the retirement on this node and asks to be passivated (once); the {@link HandOff}
   * that follows stops the instance and this host.
   */
  private Behavior<Command> retire(Retire retire) {
    if (!retiring) {
      retiring = true;
      retiredHere.merge(name, retire.retiredAt(), Math::max);
      context.getLog().info("MCP server '{}' is retired; stopping it on {}", name, context.getSystem().address());
      passivate.run();
    }
    return Behaviors.same();
  }

  private void unregister() {
    context.pipeToSelf(McpRegistry.get(context.getSystem()).unregister(Kind.SERVER, name),
        (outcome, failure) -> new Unregistered(Optional.ofNullable(failure)));
  }
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.Replicator;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.pekkomcp.registry.spi.RegistryCommand;

/**
 * The registry's crash watch ({@code mcp.registry.cluster.crash-watch}): a child of the registry
 * actor that runs a {@link CrashWatch} for this node and tells the registry actor when a member's
 * process is gone ({@link PeerProcessGone}) or back ({@link PeerProcessBack}). The registry hides a
 * gone member's entries as it hides an unreachable one's, without waiting for the failure
 * detector; the I/O runs on the watch's own thread, never on an actor.
 *
 * <p>The listeners' ports go through the registry's own Distributed Data replicator, in one
 * {@link LWWMap} from node ({@code address#uid}) to port, written to and read from every replica
 * when a member joins (and again while a port is missing), besides the gossip: Distributed Data serializes an LWWMap of String keys and Integer values
 * itself, so the port exchange needs no message of the registry's wire protocol and no manifest
 * in {@link ClusterRegistrySerializer}, and a node that joins reads every port from the
 * replicated map whenever it arrives. A removed node's entry is deleted by every member that sees
 * it removed (idempotent). The listener tells the node's {@link UniqueAddress#longUid} as its
 * token, so a port reused by another process or incarnation is not taken for the old node. A
 * member that publishes no port (its {@code crash-watch} is off) is not watched, and while it is
 * in the cluster the exchange repeats every second (two small Distributed Data messages per node).
 */
final class CrashWatcher {

  /** {@code node}'s process is gone: its watch connection closed and a reconnect was refused. */
  record PeerProcessGone(UniqueAddress node) implements RegistryCommand {}

  /** {@code node}'s process answers its watch connection again after a {@link PeerProcessGone}. */
  record PeerProcessBack(UniqueAddress node) implements RegistryCommand {}

  private sealed interface Command {}

  private record MemberChanged(ClusterEvent.MemberEvent event) implements Command {}

  private record PortsChanged(Replicator.Changed<?> changed) implements Command {}

  private record Written(Replicator.UpdateResponse<?> response) implements Command {}

  private record Read(Replicator.GetResponse<?> response) implements Command {}

  private enum Tick implements Command { INSTANCE }

  static final Key<LWWMap<String, Integer>> PORTS = LWWMapKey.create("mcp-crash-watch-ports");

  /** How often a gone peer's listener is tried again, and the ports exchanged while one is missing. */
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final UniqueAddress self;
  private final SelfUniqueAddress selfUnique;
  private final org.apache.pekko.actor.ActorRef replicator;
  private final org.apache.pekko.actor.ActorRef written;
  private final org.apache.pekko.actor.ActorRef read;
  private final CrashWatch<UniqueAddress> watch;
  /** The members other than this node, by their key in {@link #PORTS}. */
  private final Map<String, UniqueAddress> members = new HashMap<>();
  private final Map<UniqueAddress, Integer> watched = new HashMap<>();
  private Map<String, Integer> ports = Map.of();

  private CrashWatcher(ActorContext<Command> context, UniqueAddress self, org.apache.pekko.actor.ActorRef replicator,
      CrashWatch<UniqueAddress> watch) {
    this.self = self;
    this.selfUnique = new SelfUniqueAddress(self);
    this.replicator = replicator;
    this.watch = watch;
    this.written = Adapter.toClassic(context.messageAdapter(Replicator.UpdateResponse.class, Written::new));
    this.read = Adapter.toClassic(context.messageAdapter(Replicator.GetResponse.class, Read::new));
  }

  /**
   * @param registry told {@link PeerProcessGone} and {@link PeerProcessBack}
   * @param replicator the registry's own replicator, which carries the ports
   */
  static Behavior<Command> create(ActorRef<RegistryCommand> registry, org.apache.pekko.actor.ActorRef replicator) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      Cluster cluster = Cluster.get(context.getSystem());
      UniqueAddress self = cluster.selfMember().uniqueAddress();
      CrashWatch<UniqueAddress> watch;
      try {
        watch = CrashWatch.open(bindAddress(context), self.longUid(), RETRY, new CrashWatch.Listener<>() {
          @Override
          public void gone(UniqueAddress peer) {
            registry.tell(new PeerProcessGone(peer));
          }

          @Override
          public void back(UniqueAddress peer) {
            registry.tell(new PeerProcessBack(peer));
          }
        }, "mcp-crash-watch-" + self.address().hostPort());
      } catch (IOException e) {
        context.getLog().warn("the registry's crash watch could not listen ({}): a crashed node's names stay visible until the failure detector sees it", e.toString());
        return Behaviors.empty();
      }
      CrashWatcher watcher = new CrashWatcher(context, self, replicator, watch);
      cluster.subscriptions().tell(Subscribe.create(context.messageAdapter(ClusterEvent.MemberEvent.class, MemberChanged::new),
          ClusterEvent.MemberEvent.class));
      replicator.tell(new Replicator.Subscribe<>(PORTS, Adapter.toClassic(context.messageAdapter(Replicator.Changed.class, PortsChanged::new))),
          org.apache.pekko.actor.ActorRef.noSender());
      watcher.exchange();
      timers.startTimerWithFixedDelay(Tick.INSTANCE, RETRY);
      return watcher.behavior();
    }));
  }

  /** Where the listener binds: Artery's bind hostname if set, else its canonical one, as for the node's own port. */
  private static InetAddress bindAddress(ActorContext<?> context) throws IOException {
    com.typesafe.config.Config artery = context.getSystem().settings().config().getConfig("pekko.remote.artery");
    String bind = artery.getString("bind.hostname");
    return InetAddress.getByName(bind.isEmpty() ? artery.getString("canonical.hostname") : bind);
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(MemberChanged.class, this::onMemberChanged)
        .onMessage(PortsChanged.class, this::onPortsChanged)
        .onMessage(Written.class, this::onWritten)
        .onMessage(Read.class, this::onRead)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onSignal(PostStop.class, signal -> {
          watch.close();
          return Behaviors.same();
        })
        .build();
  }

  /**
   * Writes this node's port to every replica the replicator knows and reads theirs. The
   * registry's replicator gossips every 20 s (see {@link RegistryReplicator}), too slow for a
   * node that just joined; this is done when a member joins and every {@link #RETRY} while a
   * member's port is missing here.
   */
  private void exchange() {
    String key = key(self);
    int port = watch.port();
    replicator.tell(new Replicator.Update<LWWMap<String, Integer>>(PORTS, LWWMap.create(), new Replicator.WriteAll(RETRY),
        map -> map.put(selfUnique, key, port)), written);
    replicator.tell(new Replicator.Get<>(PORTS, new Replicator.ReadAll(RETRY)), read);
  }

  private Behavior<Command> onTick() {
    if (!ports.keySet().containsAll(members.keySet())) {
      exchange();
    }
    return Behaviors.same();
  }

  private Behavior<Command> onMemberChanged(MemberChanged msg) {
    UniqueAddress node = msg.event().member().uniqueAddress();
    if (node.equals(self)) {
      return Behaviors.same();
    }
    if (msg.event() instanceof ClusterEvent.MemberRemoved) {
      members.remove(key(node));
      replicator.tell(new Replicator.Update<LWWMap<String, Integer>>(PORTS, LWWMap.create(), Replicator.writeLocal(),
          map -> map.remove(selfUnique, key(node))), written);
    } else if (members.put(key(node), node) == null) {
      exchange();
    }
    reconcile();
    return Behaviors.same();
  }

  @SuppressWarnings("unchecked")
  private Behavior<Command> onPortsChanged(PortsChanged msg) {
    ports = ((LWWMap<String, Integer>) msg.changed().dataValue()).getEntries();
    reconcile();
    return Behaviors.same();
  }

  /** A write not acknowledged by every replica (one unreachable) is retried while a port is missing: nothing to do here. */
  private Behavior<Command> onWritten(Written msg) {
    return Behaviors.same();
  }

  @SuppressWarnings("unchecked")
  private Behavior<Command> onRead(Read msg) {
    if (msg.response() instanceof Replicator.GetSuccess<?> success) {
      ports = ((LWWMap<String, Integer>) success.dataValue()).getEntries();
      reconcile();
    }
    return Behaviors.same();
  }

  /** Watches every member whose port is known, at that port, and nothing else. */
  private void reconcile() {
    Map<UniqueAddress, Integer> wanted = new HashMap<>();
    members.forEach((key, node) -> Optional.ofNullable(ports.get(key)).ifPresent(port -> wanted.put(node, port)));
    for (UniqueAddress node : Map.copyOf(watched).keySet()) {
      if (!wanted.containsKey(node)) {
        watched.remove(node);
        watch.unwatch(node);
      }
    }
    wanted.forEach((node, port) -> {
      if (!port.equals(watched.put(node, port))) {
        node.address().getHost().ifPresent(host -> watch.watch(node, host, port, node.longUid()));
      }
    });
  }

  private static String key(UniqueAddress node) {
    return node.address() + "#" + node.longUid();
  }
}

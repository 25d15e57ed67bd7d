/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * Why this file is over 400 lines: it is the one place where the actor's twenty messages and
 * its signal meet the parts that own the state, and where the cluster's membership and
 * reachability events are turned into the parts' calls in the order the protocol needs; each
 * handler is a few lines, and split further the order would be spread over several files.
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.PoisonPill;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.RegistryEvent.RemovalReason;
import org.pekkomcp.registry.RegistryInstrumentation;
import org.pekkomcp.registry.RegistryInstrumentations;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.ClusterBackend;
import org.pekkomcp.registry.cluster.ClusterRegistrySettings;
import org.pekkomcp.registry.cluster.EntryId;
import org.pekkomcp.registry.cluster.LoserPolicy;
import org.pekkomcp.registry.cluster.NameConflict;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.AddMember;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Batch;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Commit;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Op;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.RemoveMember;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Vote;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Votes;
import org.pekkomcp.registry.internal.EntryGuard;
import org.pekkomcp.registry.internal.Listeners;
import org.pekkomcp.registry.spi.RegistryCommand;
import org.pekkomcp.registry.spi.RegistryRequest.Join;
import org.pekkomcp.registry.spi.RegistryRequest.Leave;
import org.pekkomcp.registry.spi.RegistryRequest.Register;
import org.pekkomcp.registry.spi.RegistryRequest.Unregister;
import org.pekkomcp.registry.spi.RegistryRequest.Update;
import org.pekkomcp.registry.spi.RegistryView;

/**
 * The registry actor of one cluster node: erlmcp's {@code global} + {@code pg} on Pekko. It holds a
 * full replica of every claim and membership and is the only writer of the {@link RegistryView}
 * that reads use without locks or messages.
 *
 * <p>The protocol (claims and votes, propagation, anti-entropy, conflicts, partitions) is
 * described once, in {@code docs/cluster-design.md}. This actor wires messages to the parts that
 * own their state: {@link RegistryReplica} (the replica, its tombstones and votes, and the view it
 * publishes), {@link VoteRounds} with {@link RoundHost} (this node's register calls being voted
 * on), {@link PeerInbox} (peers' batches applied), {@link Peers} (the push stream, snapshots and
 * owner sync, with {@link OwnerSync}), {@link Members} (voters and reachability),
 * {@link CrdtAntiEntropy} (the Distributed Data copy), {@link Registrants} (watched local actors)
 * and {@link ReceptionistMirror}.
 *
 * <p>Groups: explicit memberships are replicated like committed claims, without a vote; the
 * standard groups are derived on every node from the winning claims, as the local backend does.
 * A membership is owned by the node that called {@code join}: only that node's {@code leave}
 * removes it, and a ref joined on two nodes is one member with two memberships. Only the owner
 * node may update or unregister an entry; it watches every registrant and removes its entries
 * everywhere on {@code Terminated}.
 *
 * <p>Internal API: public only for {@link org.pekkomcp.registry.cluster.ClusterBackend}, which starts it.
 */
public final class ClusterRegistry extends AbstractBehavior<RegistryCommand> {

  /** The registry actor's name under {@code /system}, the same on every node. */
  public static final String ACTOR_NAME = "mcp-registry";

  // ---- the actor's own messages (the wire protocol is ClusterProtocol) ----

  /** The actor's messages to itself: timers and the adapters of cluster events and Distributed Data replies. */
  private sealed interface Own extends RegistryCommand {}

  private enum Flush implements Own { INSTANCE }

  private enum Tick implements Own { INSTANCE }

  private record MemberChanged(ClusterEvent.MemberEvent event) implements Own {}

  private record ReachabilityChanged(ClusterEvent.ReachabilityEvent event) implements Own {}

  private record CrdtRead(org.apache.pekko.cluster.ddata.Replicator.GetResponse<?> response) implements Own {}

  private record CrdtWritten(org.apache.pekko.cluster.ddata.Replicator.UpdateResponse<?> response) implements Own {}

  // ---- state ----

  private final TimerScheduler<RegistryCommand> timers;
  private final Cluster cluster;
  private final ClusterRegistrySettings settings;
  private final RegistryView view;
  private final Executor replies;
  private final AtomicInteger votersGauge;
  private final AtomicReference<Set<Address>> catchingUp;
  private long publishedSyncChanges = -1;
  private long publishedMembersVersion = -1;
  private final UniqueAddress self;
  private final CrdtAntiEntropy crdt;
  private final OwnerSync sync;

  private final VoteRounds rounds;
  private final RegistryReplica replica;
  private final ReceptionistMirror<ActorRef<?>> mirror;
  private final Registrants registrants;

  private final Members members;
  private final Peers peers;
  private final PeerInbox inbox;
  private final RoundHost roundHost;

  private final Listeners listeners;
  private final RegistryInstrumentations instrumentations;
  private long nextEntryId;

  /**
   * @param votersGauge where the actor publishes its voter count
   * @param catchingUp where it publishes the members it is catching up with ({@code RegistryBackend.catchingUpWith})
   */
  public static Behavior<RegistryCommand> create(ClusterRegistrySettings settings, RegistryView view, Executor replies, AtomicInteger votersGauge,
      AtomicReference<Set<Address>> catchingUp, org.apache.pekko.actor.ActorRef replicator) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new ClusterRegistry(context, timers, settings, view, replies, votersGauge, catchingUp, replicator)));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private ClusterRegistry(ActorContext<RegistryCommand> context, TimerScheduler<RegistryCommand> timers, ClusterRegistrySettings settings,
      RegistryView view, Executor replies, AtomicInteger votersGauge, AtomicReference<Set<Address>> catchingUp,
      org.apache.pekko.actor.ActorRef replicator) {
    super(context);
    this.timers = timers;
    this.listeners = new Listeners(context, timers, view, this::reply);
    this.registrants = new Registrants(context::watch, context::unwatch);
    this.settings = settings;
    this.view = view;
    this.replies = replies;
    this.votersGauge = votersGauge;
    this.catchingUp = catchingUp;
    this.cluster = Cluster.get(context.getSystem());
    this.self = cluster.selfMember().uniqueAddress();
    this.instrumentations = RegistryInstrumentations.get(context.getSystem());
    ClusterRegistrySerializer serializer = ClusterRegistrySerializer.of(Adapter.toClassic(context.getSystem()));
    this.sync = new OwnerSync(settings.digestInterval());
    this.members = new Members(self, settings.writeConsistency());
    this.mirror = new ReceptionistMirror<>(settings.receptionistMirrorLimit());
    this.replica = new RegistryReplica(self, settings, members, sync, view, new OwnEffects(), listeners::event, listeners::registered,
        new ViewWriter.Mirror() {
      @Override
      public void added(String group, Claim claim, boolean joined) {
        mirror(group, claim, +1, joined);
      }

      @Override
      public void removed(String group, Claim claim) {
        mirror(group, claim, -1, false);
      }
    });
    ActorRefResolver refResolver = ActorRefResolver.get(context.getSystem());
    this.peers = new Peers(self, settings, members, sync, replica,
        node -> refResolver.resolveActorRef(node.address() + "/system/" + ACTOR_NAME), this::scheduleFlush,
        instrumentations::current, context.getLog());
    this.inbox = new PeerInbox(self, settings, members, sync, replica, peers, this::departed);
    this.crdt = new CrdtAntiEntropy(self, settings, serializer, replicator,
        Adapter.toClassic(context.messageAdapter(org.apache.pekko.cluster.ddata.Replicator.UpdateResponse.class, CrdtWritten::new)),
        Adapter.toClassic(context.messageAdapter(org.apache.pekko.cluster.ddata.Replicator.GetResponse.class, CrdtRead::new)),
        context.getLog(), replica);
    this.roundHost = new RoundHost(self, sync, replica, peers, inbox, registrants, crdt, timers, replies,
        instrumentations::current, context.getLog());
    this.rounds = new VoteRounds(self, settings, new SplittableRandom(), roundHost);
    cluster.subscriptions().tell(org.apache.pekko.cluster.typed.Subscribe.create(
        context.messageAdapter(ClusterEvent.MemberEvent.class, MemberChanged::new), ClusterEvent.MemberEvent.class));
    cluster.subscriptions().tell(org.apache.pekko.cluster.typed.Subscribe.create(
        context.messageAdapter(ClusterEvent.ReachabilityEvent.class, ReachabilityChanged::new), ClusterEvent.ReachabilityEvent.class));
    timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.tickInterval());
    if (settings.crashWatch()) {
      context.spawn(CrashWatcher.create(context.getSelf(), replicator), "crash-watch");
    }
    publishVoters();
  }

  @Override
  public Receive<RegistryCommand> createReceive() {
    return listeners.handle(newReceiveBuilder())
        .onMessage(Register.class, this::onRegister)
        .onMessage(Unregister.class, this::onUnregister)
        .onMessage(Update.class, this::onUpdate)
        .onMessage(Join.class, this::onJoin)
        .onMessage(Leave.class, this::onLeave)
        .onMessage(Batch.class, this::onBatch)
        .onMessage(Votes.class, this::onVotes)
        .onMessageEquals(Flush.INSTANCE, this::onFlush)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessage(RoundHost.RetryRound.class, this::onRetryRound)
        .onMessage(MemberChanged.class, this::onMemberChanged)
        .onMessage(ReachabilityChanged.class, this::onReachabilityChanged)
        .onMessage(CrashWatcher.PeerProcessGone.class, this::onPeerProcessGone)
        .onMessage(CrashWatcher.PeerProcessBack.class, this::onPeerProcessBack)
        .onMessage(CrdtRead.class, this::onCrdtRead)
        .onMessage(CrdtWritten.class, this::onCrdtWritten)
        .onSignal(Terminated.class, this::onTerminated)
        .build();
  }

  // ---- this node's writes ----

  private Behavior<RegistryCommand> onRegister(Register cmd) {
    if (rounds.departed()) {
      instrumentations.current().rejected(RegistryInstrumentation.RejectReason.NODE_DEPARTED);
      reply(cmd.reply(), VoteRounds.departedOutcome());
      return this;
    }
    Optional<Claim> shown = replica.shown(new NameKey(cmd.kind(), cmd.name()));
    if (shown.isPresent()) {
      reply(cmd.reply(), new Outcome.AlreadyRegistered(shown.get().registration()));
      return this;
    }
    Claim claim = new Claim(cmd.kind(), cmd.name(), cmd.ref(), self, cmd.config(), System.currentTimeMillis(), nextEntryId++, 0);
    registrants.attemptStarted(cmd.ref());
    rounds.register(claim, cmd.reply(), System.nanoTime());
    publishPending();
    return this;
  }

  private Behavior<RegistryCommand> onUnregister(Unregister cmd) {
    EntryGuard.unregistering(cmd, replica.shown(new NameKey(cmd.kind(), cmd.name())), this::ownedHere, Claim::registration, this::reply)
        .ifPresent(shown -> {
          replica.removeOwn(shown, RemovalReason.UNREGISTERED);
          reply(cmd.reply(), new Outcome.Unregistered(shown.registration()));
        });
    publishPending();
    return this;
  }

  private Behavior<RegistryCommand> onUpdate(Update cmd) {
    EntryGuard.updating(cmd, replica.shown(new NameKey(cmd.kind(), cmd.name())), this::ownedHere, Claim::registration, this::reply)
        .ifPresent(shown -> {
          Claim current = replica.updateOwn(shown, cmd.config());
          peers.push(new Commit(current));
          crdt.removeClaim(shown);
          crdt.addClaim(current);
          reply(cmd.reply(), new Outcome.Updated(current.registration()));
        });
    publishPending();
    return this;
  }

  /** Only the node that registered an entry may update or unregister it. */
  private boolean ownedHere(Claim claim) {
    return claim.owner().equals(self);
  }

  private Behavior<RegistryCommand> onJoin(Join cmd) {
    replica.join(cmd.group(), cmd.ref(), nextEntryId++).ifPresent(membership -> {
      registrants.membershipAdded(cmd.ref(), membership.entryId());
      peers.push(new AddMember(membership));
      crdt.addMembership(membership);
    });
    reply(cmd.reply(), new Outcome.Joined(cmd.group(), cmd.ref()));
    publishPending();
    return this;
  }

  private Behavior<RegistryCommand> onLeave(Leave cmd) {
    Optional<EntryId> id = replica.ownMembership(cmd.group(), cmd.ref());
    if (id.isEmpty()) {
      reply(cmd.reply(), new Outcome.NotMember(cmd.group(), cmd.ref()));
    } else {
      replica.removeOwnMembership(id.get());
      registrants.membershipRemoved(cmd.ref(), id.get());
      reply(cmd.reply(), new Outcome.Left(cmd.group(), cmd.ref()));
    }
    publishPending();
    return this;
  }

  private Behavior<RegistryCommand> onTerminated(Terminated signal) {
    ActorRef<?> ref = signal.getRef();
    Optional<Registrants.Held> stopped = registrants.stopped(ref);
    if (stopped.isEmpty()) {
      return this;
    }
    Registrants.Held held = stopped.get();
    rounds.stopped(claim -> claim.ref().equals(ref), System.nanoTime());
    for (EntryId id : List.copyOf(held.memberships())) {
      replica.removeOwnMembership(id);
    }
    replica.removeOwnOf(ref, List.copyOf(held.names()), RemovalReason.TERMINATED);
    publishPending();
    return this;
  }

  // ---- voting, owner side ----

  private boolean departed() {
    return rounds.departed();
  }

  /** This node stops taking part in votes: every open register call is answered {@code Rejected}. */
  private void depart() {
    rounds.depart(System.nanoTime());
    publishPending();
  }

  private Behavior<RegistryCommand> onVotes(Votes msg) {
    long now = System.nanoTime();
    for (Vote vote : msg.votes()) {
      if (rounds.awaits(vote.claim(), vote.round(), msg.from())) {
        rounds.count(vote.claim(), msg.from(), roundHost.ballot(vote, msg.from()), now);
      }
    }
    publishPending();
    return this;
  }

  private Behavior<RegistryCommand> onRetryRound(RoundHost.RetryRound msg) {
    rounds.retry(msg.claim(), System.nanoTime());
    publishPending();
    return this;
  }

  // ---- peers' changes ----

  private Behavior<RegistryCommand> onBatch(Batch batch) {
    inbox.receive(batch);
    publishPending();
    return this;
  }

  // ---- cluster membership and reachability ----

  private Behavior<RegistryCommand> onMemberChanged(MemberChanged msg) {
    ClusterEvent.MemberEvent event = msg.event();
    UniqueAddress node = event.member().uniqueAddress();
    if (cluster.isTerminated() || node.equals(self) && !Quorum.votes(event.member().status())
        && event.member().status() != MemberStatus.joining()) {
      depart();
    }
    if (node.equals(self) || rounds.departed()) {
      return this;
    }
    crdt.sawNode(node);
    if (event instanceof ClusterEvent.MemberRemoved) {
      members.removed(node);
      publishVoters();
      peers.forget(node);
      prune(node);
      rounds.restartMissingVoters(System.nanoTime());
    } else if (!members.wasRemoved(node)) {
      Members.Change change = members.statusChanged(node, event.member().status());
      publishVoters();
      if (change.first()) {
        replica.refreshOwner(node, RemovalReason.CONFLICT);
      }
      if (change.startsVoting()) {
        peers.reconnected(node);
      } else if (change.stopsVoting()) {
        rounds.restartMissingVoters(System.nanoTime());
      }
    }
    publishPending();
    return this;
  }

  private Behavior<RegistryCommand> onReachabilityChanged(ReachabilityChanged msg) {
    UniqueAddress node = msg.event().member().uniqueAddress();
    if (node.equals(self) || members.wasRemoved(node)) {
      return this;
    }
    if (msg.event() instanceof ClusterEvent.UnreachableMember) {
      members.unreachable(node);
      sync.unsynced(node);
      revisitOwner(node, RemovalReason.UNREACHABLE);
    } else {
      // What is queued was made while the node missed pushes: it goes to the others, and the
      // snapshot below covers it for this node, whose next batch then follows it in sequence.
      peers.flush();
      members.reachable(node);
      peers.reconnected(node);
      proposeAgainTo(node);
    }
    publishPending();
    return this;
  }

  /**
   * The crash watch saw a member's process die: its entries are hidden as an unreachable node's
   * are, at once, while the failure detector still waits. Voters and reachability stay as they
   * are: removal is still the Split Brain Resolver's.
   */
  private Behavior<RegistryCommand> onPeerProcessGone(CrashWatcher.PeerProcessGone msg) {
    UniqueAddress node = msg.node();
    if (members.isMember(node) && !node.equals(self) && members.processGone(node)) {
      getContext().getLog().info("the process of {} is gone (its crash-watch connection closed and a reconnect was refused): its entries are hidden",
          node.address());
      sync.unsynced(node);
      revisitOwner(node, RemovalReason.UNREACHABLE);
      publishPending();
    }
    return this;
  }

  /** The process answers again: once the node is also reachable, the snapshot it is asked for vouches for its entries. */
  private Behavior<RegistryCommand> onPeerProcessBack(CrashWatcher.PeerProcessBack msg) {
    UniqueAddress node = msg.node();
    if (members.processBack(node) && !members.isUnreachable(node)) {
      getContext().getLog().info("the process of {} answers its crash-watch connection again", node.address());
      peers.reconnected(node);
      publishPending();
    }
    return this;
  }

  /** A voter reachable again gets the open rounds' proposals it has not voted on at once, not after write-timeout. */
  private void proposeAgainTo(UniqueAddress node) {
    List<Op> again = rounds.proposalsFor(node);
    if (!again.isEmpty()) {
      peers.send(node, again);
    }
  }

  /** Re-applies visibility and conflict resolution to everything {@code node} owns. */
  private void revisitOwner(UniqueAddress node, RemovalReason reason) {
    if (!settings.hideUnreachable()) {
      return;
    }
    replica.refreshOwner(node, reason);
  }

  /** Forgets every claim and membership of a node removed from the cluster, here and in the CRDT. */
  private void prune(UniqueAddress node) {
    inbox.forget(node);
    int forgotten = replica.prune(node);
    crdt.prune(node);
    instrumentations.current().pruned(forgotten);
    getContext().getLog().info("{} left the cluster: its {} claims and memberships were removed from the registry",
        node.address(), forgotten);
  }

  /** Hands the voters to the rounds and the gauge after every change of {@code members}: reachability does not change them. */
  private void publishVoters() {
    rounds.membersChanged(members.quorum(), members.others());
    votersGauge.set(members.quorum().voters().size());
  }

  // ---- the CRDT anti-entropy ----

  private Behavior<RegistryCommand> onCrdtRead(CrdtRead msg) {
    crdt.read(msg.response());
    publishPending();
    return this;
  }

  private Behavior<RegistryCommand> onCrdtWritten(CrdtWritten msg) {
    crdt.written(msg.response());
    return this;
  }

  // ---- the push stream's flushes ----

  private void scheduleFlush() {
    if (settings.batchWindow().isZero()) {
      // Behind everything already in the mailbox: a burst of calls becomes one batch.
      getContext().getSelf().tell(Flush.INSTANCE);
    } else {
      timers.startSingleTimer(Flush.INSTANCE, Flush.INSTANCE, settings.batchWindow());
    }
  }

  private Behavior<RegistryCommand> onFlush() {
    peers.flushArrived();
    return this;
  }

  // ---- housekeeping ----

  /** The tick's jobs, each in its own method. */
  private Behavior<RegistryCommand> onTick() {
    long now = System.nanoTime();
    peers.sendResends(rounds.tick(now));
    peers.askForSnapshots(now);
    expireHeldState(now);
    peers.pushDigestIfDue(now);
    crdt.flushIfDue(now);
    crdt.readIfDue(now);
    publishPending();
    return this;
  }

  /**
   * Forgets what is kept for a while only: peers' proposals never committed, claims held pending
   * whose fate never came ({@code pending-timeout}), tombstones and recent removals.
   */
  private void expireHeldState(long now) {
    inbox.expire(now);
    replica.expire(now);
    peers.expire(now);
  }

  // ---- own entries ----

  /** Carries out elsewhere (peers, CRDT, watches) what the replica did to this node's own entries. */
  private final class OwnEffects implements RegistryReplica.Effects {

    @Override
    public void ownClaimRemoved(Claim claim, RemovalReason reason) {
      peers.pushRemoval(claim, reason);
      crdt.removeClaim(claim);
      registrants.nameRemoved(claim.ref(), NameKey.of(claim));
    }

    @Override
    public void ownMembershipRemoved(Membership membership) {
      peers.push(new RemoveMember(membership.entryId()));
      crdt.removeMembership(membership);
    }

    @Override
    public void lost(Claim loser, Claim winner) {
      tellLoser(loser, winner);
    }
  }

  // ---- conflicts and the Receptionist mirror ----

  private void tellLoser(Claim loser, Claim winner) {
    getContext().getLog().info("{} '{}': the claim of {} (claim {}) lost the name to the claim of {} (claim {})", loser.kind(),
        loser.name(), loser.owner().address(), loser.id(), winner.owner().address(), winner.id());
    anyRef(loser.ref()).tell(new NameConflict(loser.kind(), loser.name(), winner.registration()));
    if (settings.loserPolicy() == LoserPolicy.STOP_LOSER) {
      Adapter.toClassic(loser.ref()).tell(PoisonPill.getInstance(), org.apache.pekko.actor.ActorRef.noSender());
    }
  }

  /** Keeps the Receptionist's copy of this node's own local standard-group members ({@link ReceptionistMirror}). */
  private void mirror(String group, Claim claim, int delta, boolean joined) {
    if (!settings.receptionistMirror() || !claim.owner().equals(self) || !claim.ref().path().address().hasLocalScope()) {
      return;
    }
    (delta > 0 ? mirror.added(group, claim.ref(), joined) : mirror.removed(group, claim.ref())).ifPresent(change -> {
      ActorRef<Receptionist.Command> receptionist = getContext().getSystem().receptionist();
      if (change instanceof ReceptionistMirror.Register<ActorRef<?>> r) {
        receptionist.tell(Receptionist.register(ClusterBackend.serviceKey(r.group()), anyRef(r.member())));
      } else if (change instanceof ReceptionistMirror.Deregister<ActorRef<?>> d) {
        receptionist.tell(Receptionist.deregister(ClusterBackend.serviceKey(d.group()), anyRef(d.member())));
      } else if (change instanceof ReceptionistMirror.LimitReached<ActorRef<?>> full) {
        getContext().getLog().warn("group {} has more than {} local members on this node: the rest are not mirrored into "
            + "the Receptionist (McpRegistry.members has them all; raise mcp.registry.cluster.receptionist-mirror-limit "
            + "if Receptionist subscribers need them, at ~15 KB of heap per entry per node)", full.group(), full.limit());
      }
    });
  }

  // ---- replies and events ----

  private void publishPending() {
    listeners.publish();
    if (sync.syncChanges() != publishedSyncChanges || members.version() != publishedMembersVersion) {
      publishedSyncChanges = sync.syncChanges();
      publishedMembersVersion = members.version();
      catchingUp.set(members.inContact().stream()
          .filter(node -> !sync.caughtUpWith(node))
          .map(UniqueAddress::address)
          .collect(Collectors.toUnmodifiableSet()));
    }
  }

  private <T> void reply(CompletableFuture<T> future, T value) {
    replies.execute(() -> future.complete(value));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ActorRef<Object> anyRef(ActorRef<?> ref) {
    return (ActorRef) ref;
  }
}

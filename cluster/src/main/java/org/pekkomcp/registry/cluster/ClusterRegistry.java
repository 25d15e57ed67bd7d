/*
 * Why this file is over 700 lines: it still holds six parts that share its state (vote rounds, the
 * push outbox and its sequence numbers, the voter set and membership view, CRDT reads and writes,
 * owner sync, the Receptionist mirror) and the tick that drives them. They are to move out one by
 * one into classes that own their state and are tested without actors, as Quorum, OwnerSync and
 * CrdtShards already have; the wire format and behaviour stay as they are.
 */
package org.pekkomcp.registry.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.apache.pekko.cluster.ddata.ORMultiMap;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.pekkomcp.registry.Groups;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Names;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.registry.RegistryEvent.RemovalReason;
import org.pekkomcp.registry.spi.RegistryCommand;
import org.pekkomcp.registry.spi.RegistryRequest;
import org.pekkomcp.registry.spi.RegistryRequest.Await;
import org.pekkomcp.registry.spi.RegistryRequest.Join;
import org.pekkomcp.registry.spi.RegistryRequest.Leave;
import org.pekkomcp.registry.spi.RegistryRequest.Register;
import org.pekkomcp.registry.spi.RegistryRequest.Subscribe;
import org.pekkomcp.registry.spi.RegistryRequest.Unregister;
import org.pekkomcp.registry.spi.RegistryRequest.Unsubscribe;
import org.pekkomcp.registry.spi.RegistryRequest.Update;
import org.pekkomcp.registry.spi.RegistryView;
import org.pekkomcp.registry.spi.Subscribers;
import org.pekkomcp.registry.spi.Waiters;

/**
 * The registry actor of one cluster node: erlmcp's {@code global} + {@code pg} on Pekko.
 *
 * <h2>State</h2>
 * Every node holds every claim and membership (a full replica, as {@code pg} and {@code global}
 * do) and publishes the winner of each name into a {@link RegistryView} that readers use without
 * locks or messages. This actor is the view's only writer.
 *
 * <h2>Propagation: push first, CRDT behind</h2>
 * Every change this node makes (claims, removals, memberships, votes) goes into an outbox that is
 * flushed as one {@link Batch} to every member's registry actor, reachable or not, when the mailbox drains
 * (or after {@code batch-window}, or at {@code batch-size}). Peers apply it in a network round
 * trip. Pekko keeps the order of messages between two actors, so a node's changes are applied
 * everywhere in the order it made them.
 *
 * <h2>Anti-entropy: the owner is the authority</h2>
 * A push can be lost (a partition blackholes it before the peer is seen unreachable; a node that
 * is not a member yet is not sent it), and a lost removal is never repeated. So, as in
 * {@code pg}, each node is the authority for its own entries and repairs its peers' copies of
 * them ({@link OwnerSync}): when a peer comes Up or becomes reachable again, and whenever it asks,
 * the node sends it a snapshot of everything it owns, ordered between its earlier and later
 * pushes, and the peer drops that owner's entries the snapshot did not list. Every
 * {@code digest-interval} each node pushes a digest of its own entries (count and
 * order-independent hash); a peer whose copy differs asks for a snapshot. And every batch a
 * node broadcasts carries the next number of its stream: Artery keeps order but drops messages
 * when its outbound queue is full (silently, measured under overload), so a peer that sees a
 * number skipped asks for the snapshot at once. Entries whose owner is
 * not a member here (a newcomer can read a departed node's claims from the CRDT) are kept out of
 * the view and out of votes, and never applied from the CRDT.
 *
 * <p>Behind that, the same committed changes are written in large batches with local
 * consistency into {@link CrdtShards} (fixed keys of {@code ORMultiMap<owner node, entry bytes>},
 * chosen by owner and id range so that a burst of writes changes few keys), which Distributed
 * Data gossips between nodes; every {@code crdt-read-interval} each node reads its local replica
 * and applies what changed since its last read and what it did not know yet. It is a second,
 * slower path, used only where the owner's stream cannot serve: an owner's entries are taken
 * from the CRDT until this replica has applied that owner's snapshot, and again after the owner
 * was unreachable until its next snapshot (a newcomer, a healed side). Once in sync with an
 * owner, only its ordered stream changes its entries here: a CRDT copy can be ahead of that
 * stream as well as behind it (gossip does not wait behind the pushes queued in this mailbox),
 * and applying it made the owner's digests differ for no fault, and the snapshots that repaired
 * that dropped entries the stream was about to confirm (measured: a snapshot storm under a
 * 300,000-name burst). An owner that reads one of its own claims it no longer holds removes it
 * from the CRDT again. A node only ever writes and removes its own entries, plus the prune of
 * nodes removed from the cluster, which is idempotent and done by every survivor.
 *
 * <h2>Uniqueness: first-come votes, majority commit</h2>
 * "Claim to a majority, then let the oldest claim win" is not enough: an older claim A and a
 * younger C can race, and C's majority may include no node that has seen A yet, so both would be
 * told {@code Registered}. Instead each replica is a voter that holds at most one live claim per
 * name (a committed one, or the one pending claim it acked first):
 * <ol>
 *   <li>{@code register} answers {@code AlreadyRegistered} at once if the view shows the name.</li>
 *   <li>Otherwise the owner sends {@link Propose} to every peer and votes itself. A replica acks
 *       if it holds no other live claim on the name (and then holds this one as pending); else it
 *       nacks and names the claim it holds, saying whether that one is committed. Committed
 *       claims of owners that are not members on that replica do not count.</li>
 *   <li>Acks from the required count of the voters ({@link Quorum}: the registry actors of the
 *       Up/WeaklyUp/Leaving members, reachable or not, this one included; {@code
 *       write-consistency}: a majority by default) commit the claim: {@link Commit} goes to every
 *       peer and into the CRDT, and the caller gets {@code Registered}. Proposals, like every
 *       push, go to unreachable members too (reachability is gossip-merged: they may be in
 *       contact), and again to a voter that is reachable again. When every peer was sent the Propose, the
 *       Commit is sent as {@link Committed}, the claim's id only: each peer holds the claim from
 *       the Propose that came before it on the same ordered channel.</li>
 *   <li>A nack naming a committed holder answers {@code AlreadyRegistered(holder)}, unless this
 *       node knows the holder is gone (it owns it and no longer holds it, or it applied its
 *       owner's removal, or the owner is not a member): then it is a plain nack, and a voter
 *       with a stale copy of this node's own claim is sent this node's snapshot. A round
 *       that can no longer reach the required acks (a split vote between concurrent claims, or
 *       claims held pending elsewhere) is {@link Retract}ed and retried after a random backoff
 *       ({@code retry-backoff-min/max}), as is a round that loses a voter (removed from the
 *       cluster; an unreachable voter is waited for).
 *       Missing votes are asked for again after {@code write-timeout}, waiting twice as long each
 *       time (under overload votes are late, not lost, and a new round would only add load);
 *       after {@code register-timeout} the caller gets {@code Rejected}.</li>
 *   <li>This node runs one attempt per name at a time; further local calls for the same name
 *       wait behind it and are answered from its outcome, so local callers never split votes.</li>
 * </ol>
 * Two majorities of the same voters share a replica, and that replica acks a second claim only
 * after the first was retracted or removed. Voters are members whatever their reachability, so
 * a side of a partition without a majority of them commits nothing, and two claims can only both
 * commit when their voter sets differ by more than one member (membership changing in mid-vote),
 * or under {@code write-consistency = local}. A node that is exiting, downed, or whose cluster
 * shut down commits and acks nothing ({@code departed}): a stopping cluster reports every other
 * member removed. The full argument is in {@code docs/consistency.md}. A replica that never hears the fate of a claim it holds pending (its retraction lost
 * in a partition) drops it after {@code pending-timeout}; a late {@link Commit} is still
 * applied, and any double commit is then settled as below. A node that joins acks claims before
 * it has caught up (it hears every node's own entries when it comes Up), and a replica that has
 * not yet seen a joining node as a member does not count that node's claims; a conflict that
 * slips through there is settled the same way. The owner-authority repairs keep this argument:
 * a snapshot only drops entries its owner no longer holds (what its own {@link Remove} would
 * have done), and a holder ignored as gone still counts as a nack, so it never adds an ack. A name held by an unreachable node stays taken (its
 * replicas still nack) until that node is removed, although reads hide it.
 *
 * <h2>Conflicts</h2>
 * When a node holds two committed claims on one name, the view shows the winner by the
 * configured {@link ConflictResolver} (a pure function, so every node shows the same one). The
 * node that owns a losing claim removes it, emits {@link RegistryEvent.Conflict}, sends the losing
 * actor a {@link NameConflict}, and under {@code loser-policy = stop-loser} stops it. A claim whose
 * own {@code register} call is still open when it loses just answers {@code AlreadyRegistered}.
 *
 * <h2>Groups</h2>
 * Explicit memberships are replicated like committed claims, without a vote (groups need no
 * uniqueness); the standard groups are derived on every node from the winning claims, exactly as
 * the local backend does. The Receptionist is not the store: at scale it registered ~1 K/s and
 * held ~15-19 KB per entry per node in the measurements, and it cannot list the group
 * names that exist. Its role is interop: each node mirrors the standard-group memberships of its
 * own local registrants into it ({@link ClusterBackend#serviceKey}) so other Pekko code can
 * {@code Find}/{@code Subscribe}; explicit groups are not mirrored, and at most
 * {@code receptionist-mirror-limit} members per group per node are (the Receptionist ships a whole
 * key per change: unbounded, it dominated the CPU of a registration burst). A membership is owned
 * by the node that called {@code join}: only that node's {@code leave} removes it, and a ref
 * joined on two nodes is one member with two memberships.
 *
 * <h2>Failure</h2>
 * The owner node watches every registrant and member; on {@code Terminated} it removes their
 * entries everywhere. Entries owned by an unreachable node are hidden from reads (configurable)
 * and come back once it is reachable again and its snapshot sent after the heal is applied (what
 * it removed meanwhile never shows; see {@code mayShow}); when a node is removed (the Split Brain Resolver downs crashed nodes), every
 * survivor prunes its entries from its replica and the CRDT, and a node that joins later never
 * shows them. Only the owner node may update or unregister an entry.
 */
final class ClusterRegistry extends AbstractBehavior<RegistryCommand> {

  /** The registry actor's name under {@code /system}, the same on every node. */
  static final String ACTOR_NAME = "mcp-registry";

  // ---- protocol ----

  /** The cluster backend's own messages, besides the {@link RegistryRequest}s every backend answers. */
  sealed interface Command extends RegistryCommand {}

  /**
   * Changes from one node, in the order it made them. Crosses the wire.
   *
   * @param seq the batch's number in the sender's broadcast stream (1, 2, ...), so a receiver
   *     sees a batch that Artery dropped as a gap; 0 for a batch sent to one peer only
   */
  record Batch(UniqueAddress from, long seq, List<Op> ops) implements Command, WireMessage {}

  /** A replica's votes on the proposals of one {@link Batch}. Crosses the wire. */
  record Votes(UniqueAddress from, List<Vote> votes) implements Command, WireMessage {}

  /** One change inside a {@link Batch}. */
  sealed interface Op {}

  /** Asks a replica to vote on a claim in voting round {@code round}. */
  record Propose(Claim claim, int round) implements Op {}

  /** The claim's voting round failed: a replica that holds it pending releases it. */
  record Retract(Kind kind, String name, EntryId claim) implements Op {}

  /** The claim (or a newer version of it) is committed. */
  record Commit(Claim claim) implements Op {}

  /**
   * The claim proposed under this id is committed: {@link Commit} without the claim, which the
   * receiver holds from the {@link Propose} (see {@code proposals}). Sent only when every
   * recipient voted in the round, so that it got the Propose first.
   */
  record Committed(EntryId claim) implements Op {}

  /** The committed claim is gone, and why. */
  record Remove(Kind kind, String name, EntryId claim, RemovalReason reason) implements Op {}

  record AddMember(Membership membership) implements Op {}

  record RemoveMember(EntryId membership) implements Op {}

  /** The sender's own entries at this point of its stream ({@link OwnerSync}). */
  record Digest(int entries, long hash) implements Op {}

  /** Asks the receiver for a snapshot of its own entries: the sender's copy did not match. */
  /** @param ticket names the request: the snapshot that answers it carries it ({@link OwnerSync}) */
  record SnapshotRequest(long ticket) implements Op {}

  /**
   * The Commits and AddMembers up to {@link SnapshotEnd} are everything the sender owns, as of
   * broadcast batch {@code seq} of its stream; {@code ticket} is the request it answers, 0 if
   * none.
   */
  record SnapshotStart(long seq, long ticket) implements Op {}

  /** Ends a snapshot: the receiver drops the sender's entries it did not list. */
  record SnapshotEnd() implements Op {}

  /**
   * A replica's answer to a {@link Propose}: ack, or nack naming the claim it holds instead.
   *
   * @param holderCommitted whether {@code holder} is committed (else it is pending there)
   */
  record Vote(EntryId claim, int round, boolean ack, Optional<Claim> holder, boolean holderCommitted) {}

  private enum Flush implements Command { INSTANCE }

  private enum Tick implements Command { INSTANCE }

  private record RetryRound(EntryId claim) implements Command {}

  private record MemberChanged(ClusterEvent.MemberEvent event) implements Command {}

  private record ReachabilityChanged(ClusterEvent.ReachabilityEvent event) implements Command {}

  private record CrdtRead(org.apache.pekko.cluster.ddata.Replicator.GetResponse<?> response) implements Command {}

  private record CrdtWritten(org.apache.pekko.cluster.ddata.Replicator.UpdateResponse<?> response) implements Command {}

  // ---- state ----

  private record GroupRef(String group, ActorRef<?> ref) {}

  private final TimerScheduler<RegistryCommand> timers;
  private final Cluster cluster;
  private final ClusterRegistrySettings settings;
  private final RegistryView view;
  private final Executor replies;
  private final AtomicInteger votersGauge;
  private final ConflictResolver resolver;
  private final UniqueAddress self;
  private final SelfUniqueAddress selfUnique;
  private final ActorRefResolver refResolver;
  private final org.apache.pekko.actor.ActorRef replicator;
  private final org.apache.pekko.actor.ActorRef crdtReplies;
  private final org.apache.pekko.actor.ActorRef crdtReads;
  private final CrdtShards<Claim> nameShards;
  private final CrdtShards<Membership> groupShards;
  /** The nodes this one has seen, by their key in the CRDT shards ({@link CrdtShards#ownerKey}). */
  private final Map<String, UniqueAddress> ownersByKey = new HashMap<>();
  private final OwnerSync sync;

  private final SlotTable slots = new SlotTable();
  private final VoteRounds rounds;
  private final ReplicaVotes replicaVotes;
  /**
   * Peers' claims proposed to this replica and not yet committed or retracted, whatever this
   * replica voted: a {@link Committed} names one of them. Dropped after {@code proposal-ttl};
   * a Committed that finds nothing here is then left to the anti-entropy.
   */
  private final Expiring<EntryId, Claim> proposals;
  /** Entries this replica saw removed, so that a late copy of one is not applied again. */
  private final Expiring<EntryId, Boolean> tombstones;
  /**
   * This node's own claim removals of the last {@code tombstone-ttl}, with their reasons, in the
   * order made: a snapshot lists them before its claims, so a peer that missed a {@link Remove}
   * reports it with the owner's reason rather than the snapshot's bare "not listed".
   */
  private final Expiring<EntryId, Remove> recentRemovals;
  private final Map<EntryId, Membership> memberships = new HashMap<>();
  private final Set<EntryId> shownMemberships = new HashSet<>();
  private final Map<GroupRef, EntryId> ownMemberships = new HashMap<>();
  private final ReceptionistMirror<ActorRef<?>> mirror;
  private final Registrants registrants;

  private final Members members;
  private final Map<UniqueAddress, ActorRef<RegistryCommand>> peerRefs = new HashMap<>();

  private final Outbox outbox;
  private long lastCrdtFlush = System.nanoTime();
  private long lastCrdtRead = System.nanoTime();
  /**
   * Replicator responses still to come for the last flush and the last read. A new flush or read
   * waits for them: an overloaded replicator otherwise queues a read of every key each interval,
   * each response pinning that key's value of the time, and the heap grew by gigabytes (measured
   * under a 300,000-name burst); held-back writes go out together in the next flush. A response
   * the replicator never sends (it restarted mid-message) is given up on after
   * {@link #CRDT_STALL_NANOS}, so the anti-entropy cannot stop for good.
   */
  private int crdtWritesInFlight;
  private int crdtReadsInFlight;
  private static final long CRDT_STALL_NANOS = Duration.ofSeconds(60).toNanos();

  private final Subscribers subscribers = new Subscribers();
  private final Waiters waiters;
  private final List<RegistryEvent> pending = new ArrayList<>();
  private long nextEntryId;

  static Behavior<RegistryCommand> create(ClusterRegistrySettings settings, RegistryView view, Executor replies, AtomicInteger votersGauge,
      org.apache.pekko.actor.ActorRef replicator) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new ClusterRegistry(context, timers, settings, view, replies, votersGauge, replicator)));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private ClusterRegistry(ActorContext<RegistryCommand> context, TimerScheduler<RegistryCommand> timers, ClusterRegistrySettings settings,
      RegistryView view, Executor replies, AtomicInteger votersGauge, org.apache.pekko.actor.ActorRef replicator) {
    super(context);
    this.timers = timers;
    this.waiters = new Waiters(timers, this::reply);
    this.registrants = new Registrants(context::watch, context::unwatch);
    this.settings = settings;
    this.view = view;
    this.replies = replies;
    this.votersGauge = votersGauge;
    this.resolver = settings.resolver();
    this.cluster = Cluster.get(context.getSystem());
    this.self = cluster.selfMember().uniqueAddress();
    this.selfUnique = new SelfUniqueAddress(self);
    this.refResolver = ActorRefResolver.get(context.getSystem());
    ClusterRegistrySerializer serializer = ClusterRegistrySerializer.of(Adapter.toClassic(context.getSystem()));
    this.nameShards = new CrdtShards<>("mcp-names", settings.nameKeys(), serializer.claimCodec());
    this.groupShards = new CrdtShards<>("mcp-groups", settings.groupKeys(), serializer.membershipCodec());
    ownersByKey.put(CrdtShards.ownerKey(self), self);
    this.sync = new OwnerSync(settings.digestInterval());
    this.replicaVotes = new ReplicaVotes(slots, resolver);
    this.proposals = new Expiring<>(settings.proposalTtl());
    this.tombstones = new Expiring<>(settings.tombstoneTtl());
    this.recentRemovals = new Expiring<>(settings.tombstoneTtl());
    this.outbox = new Outbox(settings.batchSize());
    this.members = new Members(self, settings.writeConsistency());
    this.mirror = new ReceptionistMirror<>(settings.receptionistMirrorLimit());
    this.rounds = new VoteRounds(self, settings, new SplittableRandom(), new RoundHost());
    this.replicator = replicator;
    this.crdtReplies = Adapter.toClassic(
        context.messageAdapter(org.apache.pekko.cluster.ddata.Replicator.UpdateResponse.class, CrdtWritten::new));
    this.crdtReads = Adapter.toClassic(
        context.messageAdapter(org.apache.pekko.cluster.ddata.Replicator.GetResponse.class, CrdtRead::new));
    cluster.subscriptions().tell(org.apache.pekko.cluster.typed.Subscribe.create(
        context.messageAdapter(ClusterEvent.MemberEvent.class, MemberChanged::new), ClusterEvent.MemberEvent.class));
    cluster.subscriptions().tell(org.apache.pekko.cluster.typed.Subscribe.create(
        context.messageAdapter(ClusterEvent.ReachabilityEvent.class, ReachabilityChanged::new), ClusterEvent.ReachabilityEvent.class));
    timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.tickInterval());
    publishVoters();
  }

  @Override
  public Receive<RegistryCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(Register.class, this::onRegister)
        .onMessage(Unregister.class, this::onUnregister)
        .onMessage(Update.class, this::onUpdate)
        .onMessage(Join.class, this::onJoin)
        .onMessage(Leave.class, this::onLeave)
        .onMessage(Await.class, this::onAwait)
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Unsubscribe.class, this::onUnsubscribe)
        .onMessage(Batch.class, this::onBatch)
        .onMessage(Votes.class, this::onVotes)
        .onMessageEquals(Flush.INSTANCE, this::onFlush)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessage(RetryRound.class, this::onRetryRound)
        .onMessage(Waiters.TimedOut.class, this::onAwaitTimedOut)
        .onMessage(MemberChanged.class, this::onMemberChanged)
        .onMessage(ReachabilityChanged.class, this::onReachabilityChanged)
        .onMessage(CrdtRead.class, this::onCrdtRead)
        .onMessage(CrdtWritten.class, this::onCrdtWritten)
        .onSignal(Terminated.class, this::onTerminated)
        .build();
  }

  // ---- this node's writes ----

  private Behavior<RegistryCommand> onRegister(Register cmd) {
    if (rounds.departed()) {
      reply(cmd.reply(), VoteRounds.departedOutcome());
      return this;
    }
    NameKey key = new NameKey(cmd.kind(), cmd.name());
    Slot slot = slots.get(key);
    if (slot != null && slot.shown != null) {
      reply(cmd.reply(), new Outcome.AlreadyRegistered(slot.shown.registration()));
      return this;
    }
    Claim claim = new Claim(cmd.kind(), cmd.name(), cmd.ref(), self, cmd.config(), System.currentTimeMillis(), nextEntryId++, 0);
    registrants.attemptStarted(cmd.ref());
    rounds.register(claim, cmd.reply(), System.nanoTime());
    publishPending();
    return this;
  }

  private Behavior<RegistryCommand> onUnregister(Unregister cmd) {
    Slot slot = slots.get(new NameKey(cmd.kind(), cmd.name()));
    Claim shown = slot == null ? null : slot.shown;
    if (shown == null) {
      reply(cmd.reply(), new Outcome.NotFound(cmd.kind(), cmd.name()));
    } else if (!shown.owner().equals(self)) {
      reply(cmd.reply(), new Outcome.NotOwner(shown.registration()));
    } else {
      removeOwnClaim(shown, RemovalReason.UNREGISTERED);
      reply(cmd.reply(), new Outcome.Unregistered(shown.registration()));
    }
    publishPending();
    return this;
  }

  private Behavior<RegistryCommand> onUpdate(Update cmd) {
    NameKey key = new NameKey(cmd.kind(), cmd.name());
    Slot slot = slots.get(key);
    Claim shown = slot == null ? null : slot.shown;
    if (shown == null) {
      reply(cmd.reply(), new Outcome.NotFound(cmd.kind(), cmd.name()));
    } else if (!shown.owner().equals(self)) {
      reply(cmd.reply(), new Outcome.NotOwner(shown.registration()));
    } else {
      Claim current = shown.withConfig(cmd.config());
      replaceCommitted(slot, shown, current);
      enqueue(new Commit(current));
      crdtRemoveClaim(shown);
      crdtAddClaim(current);
      refresh(key, RemovalReason.UNREGISTERED);
      reply(cmd.reply(), new Outcome.Updated(current.registration()));
    }
    publishPending();
    return this;
  }

  private Behavior<RegistryCommand> onJoin(Join cmd) {
    GroupRef key = new GroupRef(cmd.group(), cmd.ref());
    if (!ownMemberships.containsKey(key)) {
      Membership membership = new Membership(cmd.group(), cmd.ref(), self, nextEntryId++);
      ownMemberships.put(key, membership.entryId());
      putMembership(membership);
      registrants.membershipAdded(cmd.ref(), membership.entryId());
      showOrHide(membership);
      enqueue(new AddMember(membership));
      groupShards.add(membership);
      afterCrdtQueued();
    }
    reply(cmd.reply(), new Outcome.Joined(cmd.group(), cmd.ref()));
    publishPending();
    return this;
  }

  private Behavior<RegistryCommand> onLeave(Leave cmd) {
    EntryId id = ownMemberships.get(new GroupRef(cmd.group(), cmd.ref()));
    if (id == null) {
      reply(cmd.reply(), new Outcome.NotMember(cmd.group(), cmd.ref()));
    } else {
      removeOwnMembership(id);
      registrants.membershipRemoved(cmd.ref(), id);
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
      removeOwnMembership(id);
    }
    for (NameKey key : List.copyOf(held.names())) {
      Slot slot = slots.get(key);
      if (slot != null) {
        for (Claim claim : slot.committed()) {
          if (claim.owner().equals(self) && claim.ref().equals(ref)) {
            removeOwnClaim(claim, RemovalReason.TERMINATED);
          }
        }
      }
    }
    publishPending();
    return this;
  }

  // ---- voting, owner side ----

  /** This node stops taking part in votes: every open register call is answered {@code Rejected}. */
  private void depart() {
    rounds.depart(System.nanoTime());
    publishPending();
  }

  private Behavior<RegistryCommand> onVotes(Votes msg) {
    long now = System.nanoTime();
    for (Vote vote : msg.votes()) {
      if (rounds.awaits(vote.claim(), vote.round(), msg.from())) {
        rounds.count(vote.claim(), msg.from(), ballot(vote, msg.from()), now);
      }
    }
    publishPending();
    return this;
  }

  /** A vote as the round counts it: a committed holder known here to be gone is a plain nack. */
  private VoteRounds.Ballot ballot(Vote vote, UniqueAddress voter) {
    if (vote.ack()) {
      return VoteRounds.Ballot.ACK;
    }
    if (vote.holderCommitted() && vote.holder().isPresent() && !knownGone(vote.holder().get(), voter)) {
      return new VoteRounds.Ballot.HeldBy(vote.holder().get());
    }
    return VoteRounds.Ballot.NACK;
  }

  /**
   * Sends a tick's re-asked votes as one batch per voter (per {@code batch-size}), not one message
   * per claim: under overload thousands of rounds time out together, and that many small
   * messages overflowed Artery's outbound queue, which then dropped pushes (measured).
   */
  private void sendResends(Map<UniqueAddress, List<Op>> resends) {
    if (resends.isEmpty()) {
      return;
    }
    flushOutbox();
    resends.forEach((voter, ops) -> {
      ActorRef<RegistryCommand> peer = peerRef(voter);
      for (int from = 0; from < ops.size(); from += settings.batchSize()) {
        peer.tell(new Batch(self, 0, List.copyOf(ops.subList(from, Math.min(ops.size(), from + settings.batchSize())))));
      }
    });
  }

  private Behavior<RegistryCommand> onRetryRound(RetryRound msg) {
    rounds.retry(msg.claim(), System.nanoTime());
    publishPending();
    return this;
  }

  /** Carries out the commands of this node's vote rounds on its replica and the wire. */
  private final class RoundHost implements VoteRounds.Host {

    @Override
    public void propose(Claim claim, int round) {
      enqueue(new Propose(claim, round));
    }

    @Override
    public VoteRounds.Ballot ownVote(Claim claim, int round) {
      return ballot(vote(claim, round), self);
    }

    @Override
    public void retract(Claim claim) {
      enqueue(new Retract(claim.kind(), claim.name(), claim.entryId()));
      Slot slot = slots.get(claim.nameKey());
      if (slot != null) {
        replicaVotes.release(slot, claim.entryId());
        slots.dropIfEmpty(claim.nameKey(), slot);
      }
    }

    @Override
    public void commit(Claim claim, boolean everyRecipientProposed, CompletableFuture<Outcome.RegisterOutcome> reply) {
      registrants.attemptCommitted(claim.ref(), claim.nameKey());
      Slot slot = slotOf(claim.nameKey());
      replicaVotes.release(slot, claim.entryId());
      addCommitted(slot, claim);
      enqueue(everyRecipientProposed ? new Committed(claim.entryId()) : new Commit(claim));
      crdtAddClaim(claim);
      List<RegistryEvent.Conflict> conflicts = resolve(claim.nameKey(), slot, claim.entryId());
      refresh(claim.nameKey(), RemovalReason.CONFLICT);
      pending.addAll(conflicts);
      Claim shown = slot.shown;
      if (shown != null && shown.entryId().equals(claim.entryId())) {
        reply(reply, new Outcome.Registered(claim.registration()));
      } else {
        reply(reply, new Outcome.AlreadyRegistered(shown == null ? claim.registration() : shown.registration()));
      }
    }

    @Override
    public void finish(Claim claim, CompletableFuture<Outcome.RegisterOutcome> reply, Outcome.RegisterOutcome outcome) {
      registrants.attemptEnded(claim.ref());
      reply(reply, outcome);
    }

    @Override
    public void scheduleRetry(EntryId claim, Duration backoff) {
      timers.startSingleTimer(new RetryRound(claim), new RetryRound(claim), backoff);
    }

    @Override
    public void cancelRetry(EntryId claim) {
      timers.cancel(new RetryRound(claim));
    }

    @Override
    public Optional<Registration> shown(NameKey key) {
      Slot slot = slots.get(key);
      return slot == null || slot.shown == null ? Optional.empty() : Optional.of(slot.shown.registration());
    }
  }

  // ---- voting, replica side ----

  private Vote vote(Claim claim, int round) {
    return replicaVotes.vote(claim, round, tombstones.containsKey(claim.entryId()) || rounds.departed(), this::isMember, System.nanoTime());
  }

  // ---- peers' changes ----

  private Behavior<RegistryCommand> onBatch(Batch batch) {
    if (members.wasRemoved(batch.from()) || batch.from().equals(self)) {
      return this;
    }
    if (batch.seq() > 0 && !sync.inSequence(batch.from(), batch.seq())) {
      askForSnapshots(System.nanoTime());
    }
    List<Vote> votes = new ArrayList<>();
    for (Op op : batch.ops()) {
      if (op instanceof Propose p) {
        if (ownedBy(p.claim(), batch.from())) {
          proposals.putIfAbsent(p.claim().entryId(), p.claim(), System.nanoTime());
          votes.add(vote(p.claim(), p.round()));
        }
      } else if (op instanceof Retract r) {
        proposals.remove(r.claim());
        Slot slot = slots.get(new NameKey(r.kind(), r.name()));
        if (slot != null && r.claim().owner().equals(batch.from())) {
          replicaVotes.release(slot, r.claim());
          slots.dropIfEmpty(new NameKey(r.kind(), r.name()), slot);
        }
      } else if (op instanceof Commit c) {
        if (ownedBy(c.claim(), batch.from())) {
          proposals.remove(c.claim().entryId());
          if (sync.listed(batch.from(), c.claim().entryId())) {
            tombstones.remove(c.claim().entryId());
          }
          applyCommitted(c.claim());
        }
      } else if (op instanceof Committed c) {
        Optional<Claim> proposed = proposals.remove(c.claim());
        if (proposed.isPresent() && c.claim().owner().equals(batch.from())) {
          if (sync.listed(batch.from(), c.claim())) {
            tombstones.remove(c.claim());
          }
          applyCommitted(proposed.get());
        }
      } else if (op instanceof Remove r) {
        if (r.claim().owner().equals(batch.from())) {
          applyRemoved(new NameKey(r.kind(), r.name()), r.claim(), -1, r.reason());
        }
      } else if (op instanceof AddMember m) {
        if (m.membership().owner().equals(batch.from())) {
          if (sync.listed(batch.from(), m.membership().entryId())) {
            tombstones.remove(m.membership().entryId());
          }
          applyMembership(m.membership());
        }
      } else if (op instanceof RemoveMember m) {
        if (m.membership().owner().equals(batch.from())) {
          applyMembershipRemoved(m.membership());
        }
      } else {
        onSyncOp(batch.from(), op);
      }
    }
    if (!votes.isEmpty()) {
      peerRef(batch.from()).tell(new Votes(self, votes));
    }
    publishPending();
    return this;
  }

  /** Wire input is checked as the API checks callers': a bad claim is dropped, never applied. */
  private static boolean ownedBy(Claim claim, UniqueAddress from) {
    return claim.owner().equals(from) && Names.problem("name", claim.name()).isEmpty();
  }

  // ---- the replica's entries: every change goes through these, which keep the digests ----

  private void addCommitted(Slot slot, Claim claim) {
    slot.add(claim);
    sync.entryAdded(claim.entryId(), claim.version());
  }

  private void replaceCommitted(Slot slot, Claim old, Claim now) {
    slot.replace(old, now);
    sync.entryRemoved(old.entryId(), old.version());
    sync.entryAdded(now.entryId(), now.version());
  }

  private void removeCommitted(Slot slot, Claim claim) {
    if (slot.remove(claim)) {
      sync.entryRemoved(claim.entryId(), claim.version());
    }
  }

  private void putMembership(Membership membership) {
    if (memberships.put(membership.entryId(), membership) == null) {
      sync.entryAdded(membership.entryId(), 0);
    }
  }

  private Membership removeMembership(EntryId id) {
    Membership membership = memberships.remove(id);
    if (membership != null) {
      sync.entryRemoved(id, 0);
    }
    return membership;
  }

  private void applyCommitted(Claim claim) {
    if (claim.owner().equals(self) || members.wasRemoved(claim.owner()) || tombstones.containsKey(claim.entryId())) {
      return;
    }
    NameKey key = claim.nameKey();
    Slot slot = slotOf(key);
    Optional<Claim> known = slot.committed(claim.entryId());
    if (known.isPresent()) {
      if (known.get().version() >= claim.version()) {
        return;
      }
      replaceCommitted(slot, known.get(), claim);
    } else {
      addCommitted(slot, claim);
    }
    replicaVotes.release(slot, claim.entryId());
    List<RegistryEvent.Conflict> conflicts = resolve(key, slot, null);
    refresh(key, RemovalReason.CONFLICT);
    pending.addAll(conflicts);
  }

  /** Removes a peer's claim; {@code version} -1 removes any version, else only that one. */
  private void applyRemoved(NameKey key, EntryId id, int version, RemovalReason reason) {
    Slot slot = slots.get(key);
    Optional<Claim> known = slot == null ? Optional.empty() : slot.committed(id);
    if (version >= 0 && (known.isEmpty() || known.get().version() != version)) {
      return;
    }
    tombstone(id);
    if (slot == null) {
      return;
    }
    known.ifPresent(claim -> removeCommitted(slot, claim));
    replicaVotes.release(slot, id);
    refresh(key, reason);
  }

  private void applyMembership(Membership membership) {
    EntryId id = membership.entryId();
    if (membership.owner().equals(self) || members.wasRemoved(membership.owner()) || tombstones.containsKey(id)
        || memberships.containsKey(id) || Names.problem("group", membership.group()).isPresent()) {
      return;
    }
    putMembership(membership);
    showOrHide(membership);
  }

  private void applyMembershipRemoved(EntryId id) {
    tombstone(id);
    Membership membership = removeMembership(id);
    if (membership != null) {
      hide(membership);
    }
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
    ownersByKey.putIfAbsent(CrdtShards.ownerKey(node), node);
    if (event instanceof ClusterEvent.MemberRemoved) {
      members.removed(node);
      publishVoters();
      peerRefs.remove(node);
      sync.forget(node);
      prune(node);
      rounds.restartMissingVoters(System.nanoTime());
    } else if (!members.wasRemoved(node)) {
      Members.Change change = members.statusChanged(node, event.member().status());
      publishVoters();
      if (change.first()) {
        refreshOwner(node, RemovalReason.CONFLICT);
      }
      if (change.startsVoting()) {
        sendOwnState(node);
        sync.reconnected(node);
        askForSnapshots(System.nanoTime());
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
      flushOutbox();
      members.reachable(node);
      sendOwnState(node);
      // Its entries stay hidden until a snapshot sent after the heal (mayShow): ask for one.
      sync.reconnected(node);
      askForSnapshots(System.nanoTime());
      proposeAgainTo(node);
    }
    publishPending();
    return this;
  }

  /** A voter reachable again gets the open rounds' proposals it has not voted on at once, not after write-timeout. */
  private void proposeAgainTo(UniqueAddress node) {
    List<Op> again = rounds.proposalsFor(node);
    if (!again.isEmpty()) {
      peerRef(node).tell(new Batch(self, 0, again));
    }
  }

  /** Re-applies visibility and conflict resolution to everything {@code node} owns. */
  private void revisitOwner(UniqueAddress node, RemovalReason reason) {
    if (!settings.hideUnreachable()) {
      return;
    }
    refreshOwner(node, reason);
  }

  /** Re-applies visibility and conflict resolution to everything {@code node} owns, unconditionally. */
  private void refreshOwner(UniqueAddress node, RemovalReason reason) {
    for (NameKey key : slots.keys()) {
      Slot slot = slots.get(key);
      if (slot == null) {
        continue;
      }
      for (Claim claim : slot.committed()) {
        if (claim.owner().equals(node)) {
          List<RegistryEvent.Conflict> conflicts = resolve(key, slot, null);
          refresh(key, reason);
          pending.addAll(conflicts);
          break;
        }
      }
    }
    for (Membership membership : List.copyOf(memberships.values())) {
      if (membership.owner().equals(node)) {
        showOrHide(membership);
      }
    }
  }

  /**
   * Forgets every claim and membership of a node removed from the cluster, here and in the CRDT.
   * Its digest went with {@code sync.forget(node)}, so these removals bypass the digest upkeep.
   */
  private void prune(UniqueAddress node) {
    proposals.removeKeysIf(id -> id.owner().equals(node));
    for (NameKey key : slots.keys()) {
      Slot slot = slots.get(key);
      if (slot == null) {
        continue;
      }
      boolean changed = slot.removeIf(c -> c.owner().equals(node));
      changed |= replicaVotes.releaseOwnedBy(slot, node);
      if (changed) {
        refresh(key, RemovalReason.NODE_REMOVED);
      }
    }
    for (Membership membership : List.copyOf(memberships.values())) {
      if (membership.owner().equals(node)) {
        memberships.remove(membership.entryId());
        hide(membership);
      }
    }
    nameShards.prune(node);
    groupShards.prune(node);
    afterCrdtQueued();
  }

  /** Tells a peer everything this node owns: how a late joiner or a healed side catches up. */
  private void sendOwnState(UniqueAddress node) {
    sendOwnState(node, 0);
  }

  private void sendOwnState(UniqueAddress node, long ticket) {
    // Pushes queued before this snapshot must reach the peer before it, not after (OwnerSync).
    flushOutbox();
    List<Op> ops = new ArrayList<>();
    ops.add(new SnapshotStart(outbox.seq(), ticket));
    ActorRef<RegistryCommand> peer = peerRef(node);
    for (Remove removal : recentRemovals.values()) {
      ops.add(removal);
      if (ops.size() >= settings.batchSize()) {
        peer.tell(new Batch(self, 0, List.copyOf(ops)));
        ops.clear();
      }
    }
    for (Slot slot : slots.values()) {
      for (Claim claim : slot.committed()) {
        if (claim.owner().equals(self)) {
          ops.add(new Commit(claim));
          if (ops.size() >= settings.batchSize()) {
            peer.tell(new Batch(self, 0, List.copyOf(ops)));
            ops.clear();
          }
        }
      }
    }
    for (EntryId id : ownMemberships.values()) {
      ops.add(new AddMember(memberships.get(id)));
      if (ops.size() >= settings.batchSize()) {
        peer.tell(new Batch(self, 0, List.copyOf(ops)));
        ops.clear();
      }
    }
    ops.add(new SnapshotEnd());
    peer.tell(new Batch(self, 0, List.copyOf(ops)));
  }

  // ---- owner-authority anti-entropy (OwnerSync) ----

  private void onSyncOp(UniqueAddress from, Op op) {
    if (op instanceof Digest d) {
      if (!sync.digestOf(from).equals(new OwnerSync.Digest(d.entries(), d.hash()))) {
        sync.behind(from);
        askForSnapshots(System.nanoTime());
      } else if (!sync.isSynced(from)) {
        // Entries of an owner not in sync are hidden until its snapshot: ask until one lands.
        sync.behind(from);
        askForSnapshots(System.nanoTime());
      }
    } else if (op instanceof SnapshotRequest request) {
      sendOwnState(from, request.ticket());
    } else if (op instanceof SnapshotStart start) {
      sync.begin(from, start.seq(), start.ticket());
    } else if (op instanceof SnapshotEnd) {
      sync.end(from).ifPresent(listed -> {
        dropUnlisted(from, listed);
        refreshOwner(from, RemovalReason.CONFLICT);
      });
    }
  }

  /** Asks the owners this replica fell behind for their snapshots (each at most once per digest-interval). */
  private void askForSnapshots(long now) {
    for (UniqueAddress owner : sync.ownersToAsk(now)) {
      peerRef(owner).tell(new Batch(self, 0, List.of(new SnapshotRequest(sync.ticket()))));
    }
  }

  /** The owner's snapshot did not list these entries: the owner removed them, we missed it. */
  private void dropUnlisted(UniqueAddress owner, Set<EntryId> listed) {
    List<Claim> stale = new ArrayList<>();
    for (Slot slot : slots.values()) {
      for (Claim claim : slot.committed()) {
        if (claim.owner().equals(owner) && !listed.contains(claim.entryId())) {
          stale.add(claim);
        }
      }
    }
    stale.forEach(claim -> applyRemoved(claim.nameKey(), claim.entryId(), -1, RemovalReason.UNREGISTERED));
    for (Membership membership : List.copyOf(memberships.values())) {
      if (membership.owner().equals(owner) && !listed.contains(membership.entryId())) {
        applyMembershipRemoved(membership.entryId());
      }
    }
  }

  /**
   * Whether a claim a voter named as committed holder is known here to be gone: this node owns
   * it and no longer has it, or applied its owner's removal (entry ids are never reused), or its
   * owner is not a member. Such a nack still counts against the round but answers nobody
   * {@code AlreadyRegistered}; a voter holding a stale copy of our own claim gets our snapshot.
   */
  private boolean knownGone(Claim holder, UniqueAddress voter) {
    boolean gone;
    if (holder.owner().equals(self)) {
      Slot slot = slots.get(holder.nameKey());
      gone = slot == null || slot.committed(holder.entryId()).isEmpty();
      if (gone && !voter.equals(self) && sync.mayCorrect(voter, System.nanoTime())) {
        sendOwnState(voter);
      }
    } else {
      gone = tombstones.containsKey(holder.entryId()) || !isMember(holder.owner());
    }
    return gone;
  }

  /** Hands the voters to the rounds and the gauge after every change of {@code members}: reachability does not change them. */
  private void publishVoters() {
    rounds.membersChanged(members.quorum(), members.others());
    votersGauge.set(members.quorum().voters().size());
  }

  // ---- the CRDT anti-entropy ----

  /**
   * Applies what changed in one shard since this node last read it. Entries this node knows at
   * that version are skipped without decoding them (they came by push): only what the push missed
   * costs a decode.
   */
  @SuppressWarnings("unchecked")
  private Behavior<RegistryCommand> onCrdtRead(CrdtRead msg) {
    crdtReadsInFlight--;
    if (!(msg.response() instanceof org.apache.pekko.cluster.ddata.Replicator.GetSuccess<?> changed)) {
      return this;
    }
    String keyId = changed.key().id();
    ORMultiMap<String, CrdtPage> value = (ORMultiMap<String, CrdtPage>) changed.dataValue();
    Optional<Integer> nameShard = nameShards.shardOfKeyId(keyId);
    if (nameShard.isPresent()) {
      readNameShard(nameShard.get(), nameShards.diff(nameShard.get(), value));
    }
    Optional<Integer> groupShard = groupShards.shardOfKeyId(keyId);
    if (groupShard.isPresent()) {
      readGroupShard(groupShard.get(), groupShards.diff(groupShard.get(), value));
    }
    publishPending();
    return this;
  }

  private void readNameShard(int shard, CrdtShards.Diff diff) {
    Set<String> pruned = new HashSet<>();
    for (CrdtShards.Seen seen : diff.added()) {
      UniqueAddress owner = liveOwner(nameShards, shard, seen.owner(), pruned);
      if (owner == null) {
        continue;
      }
      CrdtEntry entry = seen.entry();
      Optional<Claim> known = knownClaim(entry.key(), new EntryId(owner, entry.id()));
      if (owner.equals(self)) {
        // This node is the authority for its own claims: a copy of one it no longer holds (a
        // removal another replica's gossip did not see) is removed again, so no newcomer reads it.
        if (known.isEmpty() || known.get().version() != entry.version()) {
          nameShards.remove(shard, seen.owner(), entry.id(), entry.version());
          afterCrdtQueued();
        }
      } else if (isMember(owner) && !sync.isSynced(owner) && (known.isEmpty() || known.get().version() < entry.version())) {
        decode(nameShards, owner, entry).ifPresent(this::applyCommitted);
      }
    }
    for (CrdtShards.Seen seen : diff.removed()) {
      UniqueAddress owner = ownersByKey.get(seen.owner());
      Optional<NameKey> key = NameKey.fromCrdtKey(seen.entry().key());
      if (owner != null && !owner.equals(self) && !sync.isSynced(owner) && key.isPresent()) {
        applyRemoved(key.get(), new EntryId(owner, seen.entry().id()), seen.entry().version(), RemovalReason.UNREGISTERED);
      }
    }
  }

  private void readGroupShard(int shard, CrdtShards.Diff diff) {
    Set<String> pruned = new HashSet<>();
    for (CrdtShards.Seen seen : diff.added()) {
      UniqueAddress owner = liveOwner(groupShards, shard, seen.owner(), pruned);
      if (owner == null) {
        continue;
      }
      EntryId id = new EntryId(owner, seen.entry().id());
      if (owner.equals(self)) {
        if (!memberships.containsKey(id)) {
          groupShards.remove(shard, seen.owner(), id.id(), seen.entry().version());
          afterCrdtQueued();
        }
      } else if (isMember(owner) && !sync.isSynced(owner) && !memberships.containsKey(id)) {
        decode(groupShards, owner, seen.entry()).ifPresent(this::applyMembership);
      }
    }
    for (CrdtShards.Seen seen : diff.removed()) {
      UniqueAddress owner = ownersByKey.get(seen.owner());
      if (owner != null && !owner.equals(self) && !sync.isSynced(owner)) {
        applyMembershipRemoved(new EntryId(owner, seen.entry().id()));
      }
    }
  }

  /**
   * The node an entry read from {@code shard} belongs to, or null if this node never saw it or saw
   * it removed from the cluster; then its set in the shard is pruned (again: a copy that had not
   * yet seen another survivor's prune brought it back). Nullable: a hot loop's lookup, kept local.
   */
  private UniqueAddress liveOwner(CrdtShards<?> shards, int shard, String ownerKey, Set<String> pruned) {
    UniqueAddress owner = ownersByKey.get(ownerKey);
    if (owner != null && members.wasRemoved(owner)) {
      if (pruned.add(ownerKey)) {
        shards.prune(shard, ownerKey);
        afterCrdtQueued();
      }
      return null;
    }
    return owner;
  }

  private Optional<Claim> knownClaim(String crdtKey, EntryId id) {
    Optional<NameKey> key = NameKey.fromCrdtKey(crdtKey);
    Slot slot = key.isEmpty() ? null : slots.get(key.get());
    return slot == null ? Optional.empty() : slot.committed(id);
  }

  private <V> Optional<V> decode(CrdtShards<V> shards, UniqueAddress owner, CrdtEntry entry) {
    try {
      return Optional.of(shards.decode(owner, entry));
    } catch (java.io.NotSerializableException e) {
      getContext().getLog().warn("registry anti-entropy: skipped an unreadable entry {}: {}", entry, e.getMessage());
      return Optional.empty();
    }
  }

  private Behavior<RegistryCommand> onCrdtWritten(CrdtWritten msg) {
    crdtWritesInFlight--;
    if (msg.response() instanceof org.apache.pekko.cluster.ddata.Replicator.UpdateFailure<?> failure) {
      getContext().getLog().warn("registry anti-entropy write failed: {}", failure);
    }
    return this;
  }

  private void crdtAddClaim(Claim claim) {
    nameShards.add(claim);
    afterCrdtQueued();
  }

  private void crdtRemoveClaim(Claim claim) {
    nameShards.remove(claim);
    afterCrdtQueued();
  }

  private void afterCrdtQueued() {
    if (nameShards.pendingCount() + groupShards.pendingCount() >= settings.crdtBatchSize()) {
      flushCrdt();
    }
  }

  private void flushCrdt() {
    if (crdtWritesInFlight > 0 && System.nanoTime() - lastCrdtFlush < CRDT_STALL_NANOS) {
      return;
    }
    crdtWritesInFlight = nameShards.flush(replicator, crdtReplies, selfUnique)
        + groupShards.flush(replicator, crdtReplies, selfUnique);
    lastCrdtFlush = System.nanoTime();
  }

  // ---- the push outbox ----

  private void enqueue(Op op) {
    switch (outbox.add(op)) {
      case FLUSH_NOW -> flushOutbox();
      case SCHEDULE_FLUSH -> {
        if (settings.batchWindow().isZero()) {
          // Behind everything already in the mailbox: a burst of calls becomes one batch.
          getContext().getSelf().tell(Flush.INSTANCE);
        } else {
          timers.startSingleTimer(Flush.INSTANCE, Flush.INSTANCE, settings.batchWindow());
        }
      }
      case WAIT -> { }
    }
  }

  private Behavior<RegistryCommand> onFlush() {
    outbox.flushArrived();
    flushOutbox();
    return this;
  }

  /**
   * Sends the outbox's batch to every member, unreachable ones too: reachability is
   * gossip-merged, so a member some third node lost may be in contact with this one, and must
   * not miss a removal it would go on showing. What a member that is really cut off misses, it
   * sees as a gap in the sequence numbers.
   */
  private void flushOutbox() {
    outbox.take(self).ifPresent(batch -> members.others().forEach(node -> peerRef(node).tell(batch)));
  }

  private ActorRef<RegistryCommand> peerRef(UniqueAddress node) {
    return peerRefs.computeIfAbsent(node,
        n -> refResolver.resolveActorRef(n.address() + "/system/" + ACTOR_NAME));
  }

  // ---- housekeeping ----

  /** The tick's jobs, each in its own method. */
  private Behavior<RegistryCommand> onTick() {
    long now = System.nanoTime();
    sendResends(rounds.tick(now));
    askForSnapshots(now);
    expireHeldState(now);
    pushDigestIfDue(now);
    flushCrdtIfDue(now);
    readCrdtIfDue(now);
    publishPending();
    return this;
  }

  /**
   * Forgets what is kept for a while only: peers' proposals never committed, claims held pending
   * whose fate never came ({@code pending-timeout}), tombstones and recent removals.
   */
  private void expireHeldState(long now) {
    proposals.expire(now);
    replicaVotes.expire(now, settings.pendingTimeout().toNanos());
    tombstones.expire(now);
    recentRemovals.expire(now);
  }

  /** Every {@code digest-interval}, the digest of this node's own entries goes into its stream. */
  private void pushDigestIfDue(long now) {
    if (sync.digestDue(now)) {
      OwnerSync.Digest own = sync.digestOf(self);
      enqueue(new Digest(own.entries(), own.hash()));
    }
  }

  private void flushCrdtIfDue(long now) {
    if (now - lastCrdtFlush >= settings.crdtFlushInterval().toNanos()) {
      flushCrdt();
    }
  }

  /** Every {@code crdt-read-interval}, reads every shard of the local replica, once the last read is answered. */
  private void readCrdtIfDue(long now) {
    if ((crdtReadsInFlight <= 0 || now - lastCrdtRead > CRDT_STALL_NANOS) && now - lastCrdtRead >= settings.crdtReadInterval().toNanos()) {
      lastCrdtRead = now;
      crdtReadsInFlight = nameShards.read(replicator, crdtReads) + groupShards.read(replicator, crdtReads);
    }
  }

  private void tombstone(EntryId id) {
    tombstones.put(id, Boolean.TRUE, System.nanoTime());
  }

  // ---- own entries ----

  private void removeOwnClaim(Claim claim, RemovalReason reason) {
    NameKey key = claim.nameKey();
    Slot slot = slots.get(key);
    removeCommitted(slot, claim);
    tombstone(claim.entryId());
    enqueueRemove(claim, reason);
    crdtRemoveClaim(claim);
    registrants.nameRemoved(claim.ref(), key);
    refresh(key, reason);
  }

  /** Pushes the removal of an own claim, and keeps it (and why) for the snapshots of the next tombstone-ttl. */
  private void enqueueRemove(Claim claim, RemovalReason reason) {
    Remove remove = new Remove(claim.kind(), claim.name(), claim.entryId(), reason);
    enqueue(remove);
    recentRemovals.put(claim.entryId(), remove, System.nanoTime());
  }

  private void removeOwnMembership(EntryId id) {
    Membership membership = removeMembership(id);
    if (membership == null) {
      return;
    }
    ownMemberships.remove(new GroupRef(membership.group(), membership.ref()));
    tombstone(id);
    hide(membership);
    enqueue(new RemoveMember(id));
    groupShards.remove(membership);
    afterCrdtQueued();
  }

  // ---- conflicts and the view ----

  /**
   * Settles a name that holds several committed claims: this node drops its own claims that lose
   * to a visible winner. The others' losers are dropped by their owners; until then the view
   * shows the winner anyway. Returns the Conflict events, to publish after the view is refreshed.
   */
  private List<RegistryEvent.Conflict> resolve(NameKey key, Slot slot, EntryId openRegistration) {
    if (slot.committedCount() < 2) {
      return List.of();
    }
    Claim winner = winnerOf(visible(slot));
    List<RegistryEvent.Conflict> conflicts = new ArrayList<>();
    for (Claim claim : slot.committed()) {
      if (claim.owner().equals(self) && !claim.entryId().equals(winner.entryId())) {
        removeCommitted(slot, claim);
        tombstone(claim.entryId());
        enqueueRemove(claim, RemovalReason.CONFLICT);
        crdtRemoveClaim(claim);
        registrants.nameRemoved(claim.ref(), key);
        if (!claim.entryId().equals(openRegistration)) {
          conflicts.add(new RegistryEvent.Conflict(winner.registration(), claim.registration()));
          tellLoser(claim, winner);
        }
      }
    }
    return conflicts;
  }

  private void tellLoser(Claim loser, Claim winner) {
    anyRef(loser.ref()).tell(new NameConflict(loser.kind(), loser.name(), winner.registration()));
    if (settings.loserPolicy() == LoserPolicy.STOP_LOSER) {
      Adapter.toClassic(loser.ref()).tell(PoisonPill.getInstance(), org.apache.pekko.actor.ActorRef.noSender());
    }
  }

  private List<Claim> visible(Slot slot) {
    boolean all = true;
    for (Claim claim : slot.committed()) {
      all &= mayShow(claim.owner());
    }
    if (all) {
      return slot.committed();
    }
    List<Claim> visible = new ArrayList<>(slot.committed().size());
    for (Claim claim : slot.committed()) {
      if (mayShow(claim.owner())) {
        visible.add(claim);
      }
    }
    return visible;
  }

  /**
   * Entries of a node that is not (or not yet) a member here are never shown nor voted with: a
   * newcomer can read a dead node's claims from the CRDT after the survivors pruned them.
   */
  private boolean isMember(UniqueAddress owner) {
    return members.isMember(owner);
  }

  /**
   * Another node's entries are shown while it is reachable and this replica holds its current
   * state: its snapshot was applied, or its last digest matched, since this node last saw it
   * unreachable (or first saw it). Until then what this replica holds of it may include entries
   * it removed meanwhile (lost pushes, a stale CRDT copy), which must not reappear, even briefly.
   */
  private boolean mayShow(UniqueAddress owner) {
    if (owner.equals(self)) {
      return true;
    }
    return isMember(owner) && (!settings.hideUnreachable() || !members.isUnreachable(owner) && sync.isSynced(owner));
  }

  /** The resolver's pick, folded in one canonical order so that every node folds alike. */
  private Claim winnerOf(List<Claim> claims) {
    if (claims.isEmpty()) {
      return null;
    }
    if (claims.size() == 1) {
      return claims.get(0);
    }
    List<Claim> ordered = new ArrayList<>(claims);
    ordered.sort(OldestClaimWins.ORDER);
    Claim winner = ordered.get(0);
    for (int i = 1; i < ordered.size(); i++) {
      winner = resolver.winner(winner, ordered.get(i));
    }
    return winner;
  }

  /**
   * Publishes the name's current winner to the view, with its standard groups, and queues the
   * events that tell the difference. {@code reason} explains a removal.
   */
  private void refresh(NameKey key, RemovalReason reason) {
    Slot slot = slots.get(key);
    if (slot == null) {
      return;
    }
    Claim before = slot.shown;
    Claim after = winnerOf(visible(slot));
    slot.shown = after;
    if (before == after || (before != null && after != null && before.entryId().equals(after.entryId())
        && before.version() == after.version())) {
      slots.dropIfEmpty(key, slot);
      return;
    }
    Set<String> groupsBefore = before == null ? Set.of() : Groups.standardGroups(before.kind(), before.config());
    Set<String> groupsAfter = after == null ? Set.of() : Groups.standardGroups(after.kind(), after.config());
    boolean sameEntry = before != null && after != null && before.entryId().equals(after.entryId());
    if (after == null) {
      removeStandardGroups(before, groupsBefore, Set.of());
      view.remove(before.registration());
      pending.add(new RegistryEvent.Unregistered(before.registration(), reason));
    } else if (before == null) {
      view.put(after.registration());
      pending.add(new RegistryEvent.Registered(after.registration()));
      addStandardGroups(after, groupsAfter, Set.of());
    } else if (sameEntry) {
      view.put(after.registration());
      pending.add(new RegistryEvent.Updated(before.registration(), after.registration()));
      removeStandardGroups(before, groupsBefore, groupsAfter);
      addStandardGroups(after, groupsAfter, groupsBefore);
    } else {
      removeStandardGroups(before, groupsBefore, Set.of());
      view.put(after.registration());
      pending.add(new RegistryEvent.Unregistered(before.registration(), reason));
      pending.add(new RegistryEvent.Registered(after.registration()));
      addStandardGroups(after, groupsAfter, Set.of());
    }
    if (after != null) {
      waiters.registered(after.registration());
    }
    slots.dropIfEmpty(key, slot);
  }

  private void addStandardGroups(Claim claim, Set<String> groups, Set<String> except) {
    for (String group : groups) {
      if (!except.contains(group)) {
        boolean joined = view.addMember(group, claim.ref());
        if (joined) {
          pending.add(new RegistryEvent.Joined(group, claim.ref()));
        }
        mirror(group, claim, +1, joined);
      }
    }
  }

  private void removeStandardGroups(Claim claim, Set<String> groups, Set<String> except) {
    for (String group : groups) {
      if (!except.contains(group)) {
        if (view.removeMember(group, claim.ref())) {
          pending.add(new RegistryEvent.Left(group, claim.ref()));
        }
        mirror(group, claim, -1, false);
      }
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

  private boolean isShown(Membership membership) {
    return mayShow(membership.owner());
  }

  private void showOrHide(Membership membership) {
    if (!isShown(membership)) {
      hide(membership);
    } else if (shownMemberships.add(membership.entryId()) && view.addMember(membership.group(), membership.ref())) {
      pending.add(new RegistryEvent.Joined(membership.group(), membership.ref()));
    }
  }

  private void hide(Membership membership) {
    if (shownMemberships.remove(membership.entryId()) && view.removeMember(membership.group(), membership.ref())) {
      pending.add(new RegistryEvent.Left(membership.group(), membership.ref()));
    }
  }

  private Slot slotOf(NameKey key) {
    return slots.getOrCreate(key);
  }

  // ---- watches, waiters, subscribers ----

  private Behavior<RegistryCommand> onAwait(Await cmd) {
    waiters.await(cmd, view);
    return this;
  }

  private Behavior<RegistryCommand> onAwaitTimedOut(Waiters.TimedOut msg) {
    waiters.timedOut(msg);
    return this;
  }

  private Behavior<RegistryCommand> onSubscribe(Subscribe cmd) {
    subscribers.subscribe(getContext(), cmd);
    return this;
  }

  private Behavior<RegistryCommand> onUnsubscribe(Unsubscribe cmd) {
    subscribers.unsubscribe(getContext(), cmd);
    return this;
  }

  private void publishPending() {
    subscribers.publish(pending);
  }

  private <T> void reply(CompletableFuture<T> future, T value) {
    replies.execute(() -> future.complete(value));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ActorRef<Object> anyRef(ActorRef<?> ref) {
    return (ActorRef) ref;
  }
}

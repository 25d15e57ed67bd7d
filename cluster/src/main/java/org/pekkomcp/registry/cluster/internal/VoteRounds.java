/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * Why this file is over 400 lines: it is the whole owner side of a vote, one state machine whose
 * events (calls, votes, ticks, retries, voter changes, stops) all act on the same attempts; split,
 * the rules on when an attempt ends and which queued attempt goes next would be spread apart.
 */
package org.pekkomcp.registry.cluster.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.apache.pekko.cluster.UniqueAddress;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.Outcome.RegisterOutcome;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.RegistryInstrumentation.RejectReason;
import org.pekkomcp.registry.RegistryInstrumentation.VoteResult;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.ClusterRegistrySettings;
import org.pekkomcp.registry.cluster.EntryId;

/**
 * The owner side of the claim protocol (steps 2 to 5 in {@code docs/cluster-design.md}): this
 * node's register calls while they are voted on, as a state machine with no actor in it, so that
 * the rounds can be tested by driving events and reading the commands they give.
 *
 * <p>Inputs are events: a call ({@link #register}), a counted vote ({@link #count}), a tick
 * ({@link #tick}), a backoff timer ({@link #retry}), a change of the voters
 * ({@link #membersChanged}, {@link #restartMissingVoters}), a registrant that stopped
 * ({@link #stopped}), this node leaving the cluster ({@link #depart}). Outputs are the commands
 * of {@link Host}, which the registry actor carries out on its replica and on the wire; the
 * rounds ask the host only for its own vote and for what the view shows.
 *
 * <p>Not thread-safe: the registry actor's own state. Times are {@link System#nanoTime} values
 * given with each event.
 */
final class VoteRounds {

  /** A voter's answer as the round counts it. */
  sealed interface Ballot {
    Ballot ACK = new Ack();
    Ballot NACK = new Nack();

    /** The voter holds no other live claim on the name: it now holds this one pending. */
    record Ack() implements Ballot {}

    /** The voter holds another claim pending, or a committed one known here to be gone. */
    record Nack() implements Ballot {}

    /** The voter holds this committed claim on the name: the call is answered with it. */
    record HeldBy(Claim holder) implements Ballot {}
  }

  /** What the rounds need done: the registry actor carries these out. */
  interface Host {
    /** Sends round {@code round}'s {@code Propose} to every member. */
    void propose(Claim claim, int round);

    /** This replica's vote on the claim it just proposed, as every replica votes. */
    Ballot ownVote(Claim claim, int round);

    /** Sends {@code Retract}: replicas that hold the claim pending release it, this one too. */
    void retract(Claim claim);

    /**
     * The claim has its quorum: store and push it, and answer the call with what the view then
     * shows, which it returns. {@code everyRecipientProposed}: every member was sent this round's
     * Propose, so the push may name the claim by its id alone.
     */
    RegisterOutcome commit(Claim claim, boolean everyRecipientProposed, CompletableFuture<RegisterOutcome> reply);

    /** The call ends without a commit: answer it with {@code outcome}. */
    void finish(Claim claim, CompletableFuture<RegisterOutcome> reply, RegisterOutcome outcome);

    /** Calls {@link #retry} with this claim's id after {@code backoff}. */
    void scheduleRetry(EntryId claim, Duration backoff);

    /** The timer of {@link #scheduleRetry}, if any, is not needed any more. */
    void cancelRetry(EntryId claim);

    /** What the view shows under the name now. */
    Optional<Registration> shown(NameKey key);

    /** The call ended after {@code rounds} rounds, {@code nanos} after it came: reported, never acted on. */
    void ended(Claim claim, VoteResult result, int rounds, long nanos);

    /** The call is answered {@code Rejected} for {@code reason}: reported, never acted on. */
    void rejected(Claim claim, RejectReason reason);
  }

  /** One register call while it is voted on. */
  private static final class Attempt {
    final Claim claim;
    final CompletableFuture<RegisterOutcome> reply;
    final long started;
    final long deadline;
    final Set<UniqueAddress> acks = new HashSet<>();
    final Set<UniqueAddress> nacks = new HashSet<>();
    Quorum quorum;
    /** The members this round's Propose went to (the outbox sends to every member). */
    Set<UniqueAddress> proposedTo = Set.of();
    int round;
    long roundWait;
    long roundDeadline;
    boolean backingOff;
    /** Waiting behind another of this node's attempts on the same name; not proposed yet. */
    boolean queued;
    Claim committedHolder;

    Attempt(Claim claim, CompletableFuture<RegisterOutcome> reply, long started, long deadline) {
      this.claim = claim;
      this.reply = reply;
      this.started = started;
      this.deadline = deadline;
    }

    boolean waitsFor(UniqueAddress voter) {
      return !acks.contains(voter) && !nacks.contains(voter);
    }
  }

  private final UniqueAddress self;
  private final ClusterRegistrySettings settings;
  private final RandomGenerator random;
  private final Host host;
  private final Map<EntryId, Attempt> attempts = new HashMap<>();
  private final Map<NameKey, Attempt> active = new HashMap<>();
  private final Map<NameKey, ArrayDeque<Attempt>> queued = new HashMap<>();
  private Quorum quorum;
  private Set<UniqueAddress> members = Set.of();
  /**
   * This node is Exiting, Down or Removed, or its cluster shut down: it commits and acks nothing more.
   * A stopping cluster publishes every member as removed, which would otherwise shrink the voter
   * set to this node alone while its last register calls are still voting.
   */
  private boolean departed;

  VoteRounds(UniqueAddress self, ClusterRegistrySettings settings, RandomGenerator random, Host host) {
    this.self = self;
    this.settings = settings;
    this.random = random;
    this.host = host;
    this.quorum = Quorum.of(settings.writeConsistency(), self, Map.of());
  }

  /** The voters and the members (without this node) from now on; open rounds keep theirs. */
  void membersChanged(Quorum quorum, Set<UniqueAddress> members) {
    this.quorum = quorum;
    this.members = Set.copyOf(members);
  }

  boolean departed() {
    return departed;
  }

  /** Starts voting on a call's claim, or queues it behind this node's attempt on the same name. */
  void register(Claim claim, CompletableFuture<RegisterOutcome> reply, long now) {
    Attempt attempt = new Attempt(claim, reply, now, now + settings.registerTimeout().toNanos());
    attempts.put(claim.entryId(), attempt);
    NameKey key = NameKey.of(claim);
    if (active.containsKey(key)) {
      // One attempt per name per node at a time: local contenders would only split the votes.
      attempt.queued = true;
      queued.computeIfAbsent(key, k -> new ArrayDeque<>()).add(attempt);
    } else {
      active.put(key, attempt);
      startRound(attempt, now);
    }
  }

  /** Whether {@code voter}'s vote on round {@code round} of the claim is still to be counted. */
  boolean awaits(EntryId claim, int round, UniqueAddress voter) {
    Attempt attempt = attempts.get(claim);
    return attempt != null && attempt.round == round && !attempt.backingOff && attempt.quorum.voters().contains(voter);
  }

  /** Counts a vote that {@link #awaits} said is due. */
  void count(EntryId claim, UniqueAddress voter, Ballot ballot, long now) {
    Attempt attempt = attempts.get(claim);
    if (attempt != null) {
      count(attempt, voter, ballot, now);
    }
  }

  /** The backoff timer of a retracted round fired: a new round, unless the name is taken now. */
  void retry(EntryId claim, long now) {
    Attempt attempt = attempts.get(claim);
    if (attempt == null) {
      return;
    }
    Optional<Registration> shown = host.shown(NameKey.of(attempt.claim));
    if (shown.isPresent()) {
      finish(attempt, new Outcome.AlreadyRegistered(shown.get()), now);
    } else {
      startRound(attempt, now);
    }
  }

  /**
   * Gives up the calls past {@code register-timeout}, and returns the Proposes to send again:
   * a round that waited {@code write-timeout} for some votes asks those voters again rather
   * than starting over (under overload votes are late, not lost, and a new round would only add
   * load), waiting twice as long each time.
   */
  Map<UniqueAddress, List<ClusterProtocol.Op>> tick(long now) {
    Map<UniqueAddress, List<ClusterProtocol.Op>> resends = new HashMap<>();
    for (Attempt attempt : List.copyOf(attempts.values())) {
      if (!open(attempt)) {
        continue;
      }
      if (attempt.queued) {
        if (now - attempt.deadline > 0) {
          reject(attempt, RejectReason.NO_QUORUM, now);
        }
      } else if (!attempt.backingOff && now - attempt.roundDeadline > 0) {
        resendOrGiveUp(attempt, now, resends);
      }
    }
    return resends;
  }

  /** Rounds still waiting for a node that no longer votes start again among those that do. */
  void restartMissingVoters(long now) {
    for (Attempt attempt : List.copyOf(attempts.values())) {
      if (!open(attempt) || attempt.queued || attempt.backingOff) {
        continue;
      }
      for (UniqueAddress voter : attempt.quorum.voters()) {
        if (!quorum.voters().contains(voter) && attempt.waitsFor(voter)) {
          host.retract(attempt.claim);
          retryLater(attempt, now);
          break;
        }
      }
    }
  }

  /** The Proposes of the open rounds that {@code voter} has not voted on: for a voter reachable again. */
  List<ClusterProtocol.Op> proposalsFor(UniqueAddress voter) {
    List<ClusterProtocol.Op> again = new ArrayList<>();
    for (Attempt attempt : attempts.values()) {
      if (!attempt.queued && !attempt.backingOff && attempt.quorum.voters().contains(voter) && attempt.waitsFor(voter)) {
        again.add(new ClusterProtocol.Propose(attempt.claim, attempt.round));
      }
    }
    return again;
  }

  /** The registrant of the claims {@code ofRegistrant} picks stopped: their calls are rejected. */
  void stopped(Predicate<Claim> ofRegistrant, long now) {
    for (Attempt attempt : List.copyOf(attempts.values())) {
      if (open(attempt) && ofRegistrant.test(attempt.claim)) {
        if (!attempt.queued) {
          host.retract(attempt.claim);
        }
        reject(attempt, RejectReason.REGISTRANT_STOPPED, now);
      }
    }
  }

  /** This node stops taking part in votes: every open register call is answered {@code Rejected}. */
  void depart(long now) {
    if (departed) {
      return;
    }
    departed = true;
    for (Attempt attempt : List.copyOf(attempts.values())) {
      if (!open(attempt)) {
        continue;
      }
      if (!attempt.queued && !attempt.backingOff) {
        host.retract(attempt.claim);
      }
      reject(attempt, RejectReason.NODE_DEPARTED, now);
    }
  }

  static Outcome.Rejected departedOutcome() {
    return new Outcome.Rejected("this node is exiting the cluster or was downed or removed: it registers no more names");
  }

  private void startRound(Attempt attempt, long now) {
    if (departed) {
      reject(attempt, RejectReason.NODE_DEPARTED, now);
      return;
    }
    attempt.round++;
    attempt.backingOff = false;
    attempt.acks.clear();
    attempt.nacks.clear();
    attempt.committedHolder = null;
    attempt.quorum = quorum;
    attempt.proposedTo = members;
    attempt.roundWait = settings.writeTimeout().toNanos();
    attempt.roundDeadline = now + attempt.roundWait;
    host.propose(attempt.claim, attempt.round);
    count(attempt, self, host.ownVote(attempt.claim, attempt.round), now);
  }

  private void count(Attempt attempt, UniqueAddress voter, Ballot ballot, long now) {
    if (!attempt.quorum.voters().contains(voter)) {
      return;
    }
    if (ballot instanceof Ballot.Ack) {
      attempt.acks.add(voter);
    } else {
      attempt.nacks.add(voter);
      if (ballot instanceof Ballot.HeldBy held) {
        attempt.committedHolder = held.holder();
      }
    }
    if (attempt.committedHolder != null) {
      host.retract(attempt.claim);
      finish(attempt, new Outcome.AlreadyRegistered(attempt.committedHolder.registration()), now);
    } else if (attempt.quorum.committed(attempt.acks.size())) {
      attempts.remove(attempt.claim.entryId());
      RegisterOutcome answered = host.commit(attempt.claim, members.stream().allMatch(attempt.proposedTo::contains), attempt.reply);
      host.ended(attempt.claim, resultOf(answered), attempt.round, now - attempt.started);
      ended(attempt, now);
    } else if (!attempt.quorum.stillPossible(attempt.nacks.size())) {
      host.retract(attempt.claim);
      retryLater(attempt, now);
    }
  }

  private void retryLater(Attempt attempt, long now) {
    long min = settings.retryBackoffMin().toNanos();
    long max = settings.retryBackoffMax().toNanos();
    long backoff = max > min ? random.nextLong(min, max + 1) : min;
    if (now + backoff - attempt.deadline > 0) {
      reject(attempt, RejectReason.NO_QUORUM, now);
      return;
    }
    attempt.backingOff = true;
    host.scheduleRetry(attempt.claim.entryId(), Duration.ofNanos(backoff));
  }

  private void resendOrGiveUp(Attempt attempt, long now, Map<UniqueAddress, List<ClusterProtocol.Op>> resends) {
    if (now - attempt.deadline > 0) {
      host.retract(attempt.claim);
      reject(attempt, RejectReason.NO_QUORUM, now);
      return;
    }
    ClusterProtocol.Propose again = new ClusterProtocol.Propose(attempt.claim, attempt.round);
    for (UniqueAddress voter : attempt.quorum.voters()) {
      if (!voter.equals(self) && attempt.waitsFor(voter)) {
        resends.computeIfAbsent(voter, v -> new ArrayList<>()).add(again);
      }
    }
    attempt.roundWait *= 2;
    attempt.roundDeadline = now + attempt.roundWait;
  }

  /** Ends an attempt with {@code Rejected} for {@code reason}. */
  private void reject(Attempt attempt, RejectReason reason, long now) {
    host.rejected(attempt.claim, reason);
    finish(attempt, switch (reason) {
      case NO_QUORUM -> new Outcome.Rejected("no " + settings.writeConsistency().name().toLowerCase(Locale.ROOT)
          + " of the registry replicas accepted the claim within " + settings.registerTimeout()
          + " (mcp.registry.cluster.register-timeout)");
      case REGISTRANT_STOPPED -> new Outcome.Rejected("the actor stopped before its registration completed");
      case NODE_DEPARTED -> departedOutcome();
      case INVALID_INPUT -> throw new IllegalArgumentException("bad input is answered before a vote");
    }, now);
  }

  private static VoteResult resultOf(RegisterOutcome outcome) {
    if (outcome instanceof Outcome.Registered) {
      return VoteResult.REGISTERED;
    }
    return outcome instanceof Outcome.AlreadyRegistered ? VoteResult.ALREADY_REGISTERED : VoteResult.REJECTED;
  }

  /**
   * Whether {@code attempt} is still open. Loops over a copy of {@link #attempts} check it:
   * ending one attempt can start or end the next one queued on the same name.
   */
  private boolean open(Attempt attempt) {
    return attempts.get(attempt.claim.entryId()) == attempt;
  }

  /** Ends an attempt that did not commit. */
  private void finish(Attempt attempt, RegisterOutcome outcome, long now) {
    attempts.remove(attempt.claim.entryId());
    host.cancelRetry(attempt.claim.entryId());
    host.finish(attempt.claim, attempt.reply, outcome);
    host.ended(attempt.claim, resultOf(outcome), attempt.round, now - attempt.started);
    ended(attempt, now);
  }

  /** Lets the next queued attempt on the same name go, or answers it if the name is taken now. */
  private void ended(Attempt attempt, long now) {
    NameKey key = NameKey.of(attempt.claim);
    if (attempt.queued) {
      ArrayDeque<Attempt> queue = queued.get(key);
      queue.remove(attempt);
      if (queue.isEmpty()) {
        queued.remove(key);
      }
      return;
    }
    if (active.get(key) != attempt) {
      return;
    }
    active.remove(key);
    ArrayDeque<Attempt> queue = queued.get(key);
    while (queue != null && !queue.isEmpty()) {
      Attempt next = queue.poll();
      next.queued = false;
      Optional<Registration> shown = host.shown(key);
      if (shown.isPresent()) {
        finish(next, new Outcome.AlreadyRegistered(shown.get()), now);
      } else {
        if (queue.isEmpty()) {
          queued.remove(key);
        }
        active.put(key, next);
        startRound(next, now);
        return;
      }
    }
    queued.remove(key);
  }
}

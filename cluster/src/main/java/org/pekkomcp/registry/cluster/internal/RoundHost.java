/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.UniqueAddress;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.RegistryInstrumentation;
import org.pekkomcp.registry.RegistryInstrumentation.RejectReason;
import org.pekkomcp.registry.RegistryInstrumentation.VoteResult;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.EntryId;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Commit;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Committed;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Propose;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Retract;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Vote;
import org.pekkomcp.registry.spi.RegistryCommand;
import org.slf4j.Logger;

/**
 * Carries out the commands of this node's {@link VoteRounds} on its replica, the wire and the
 * CRDT, and turns the votes that come back into the ballots the rounds count.
 *
 * <p>Not thread-safe: the registry actor's own state.
 */
final class RoundHost implements VoteRounds.Host {

  /** The timer message that starts a claim's next round after its backoff. */
  record RetryRound(EntryId claim) implements RegistryCommand {}

  private final UniqueAddress self;
  private final OwnerSync sync;
  private final RegistryReplica replica;
  private final Peers peers;
  private final PeerInbox inbox;
  private final Registrants registrants;
  private final CrdtAntiEntropy crdt;
  private final TimerScheduler<RegistryCommand> timers;
  private final Executor replies;
  private final Supplier<RegistryInstrumentation> instrumentation;
  private final Logger log;

  /**
   * @param replies where the callers' futures are completed, off the actor's thread
   * @param instrumentation the system's instrumentation now (read at each event: it may be installed later)
   */
  RoundHost(UniqueAddress self, OwnerSync sync, RegistryReplica replica, Peers peers, PeerInbox inbox, Registrants registrants,
      CrdtAntiEntropy crdt, TimerScheduler<RegistryCommand> timers, Executor replies,
      Supplier<RegistryInstrumentation> instrumentation, Logger log) {
    this.self = self;
    this.sync = sync;
    this.replica = replica;
    this.peers = peers;
    this.inbox = inbox;
    this.registrants = registrants;
    this.crdt = crdt;
    this.timers = timers;
    this.replies = replies;
    this.instrumentation = instrumentation;
    this.log = log;
  }

  /** A vote as the round counts it: a committed holder known here to be gone is a plain nack. */
  VoteRounds.Ballot ballot(Vote vote, UniqueAddress voter) {
    if (vote.ack()) {
      return VoteRounds.Ballot.ACK;
    }
    if (vote.holderCommitted() && vote.holder().isPresent() && !knownGone(vote.holder().get(), voter)) {
      return new VoteRounds.Ballot.HeldBy(vote.holder().get());
    }
    return VoteRounds.Ballot.NACK;
  }

  /**
   * Whether a claim a voter named as committed holder is known here to be gone
   * ({@link RegistryReplica#isGone}). Such a nack still counts against the round but answers
   * nobody {@code AlreadyRegistered}; a voter holding a stale copy of our own claim gets our
   * snapshot.
   */
  private boolean knownGone(Claim holder, UniqueAddress voter) {
    boolean gone = replica.isGone(holder);
    if (gone && holder.owner().equals(self) && !voter.equals(self) && sync.mayCorrect(voter, System.nanoTime())) {
      peers.sendOwnState(voter);
    }
    return gone;
  }

  @Override
  public void propose(Claim claim, int round) {
    peers.push(new Propose(claim, round));
  }

  @Override
  public VoteRounds.Ballot ownVote(Claim claim, int round) {
    return ballot(inbox.vote(claim, round), self);
  }

  @Override
  public void retract(Claim claim) {
    peers.push(new Retract(claim.kind(), claim.name(), claim.entryId()));
    replica.release(NameKey.of(claim), claim.entryId());
  }

  @Override
  public Outcome.RegisterOutcome commit(Claim claim, boolean everyRecipientProposed, CompletableFuture<Outcome.RegisterOutcome> reply) {
    registrants.attemptCommitted(claim.ref(), NameKey.of(claim));
    peers.push(everyRecipientProposed ? new Committed(claim.entryId()) : new Commit(claim));
    crdt.addClaim(claim);
    Optional<Claim> shown = replica.commitOwn(claim);
    Outcome.RegisterOutcome answer = shown.isPresent() && shown.get().entryId().equals(claim.entryId())
        ? new Outcome.Registered(claim.registration())
        : new Outcome.AlreadyRegistered(shown.orElse(claim).registration());
    reply(reply, answer);
    return answer;
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
    return replica.shown(key).map(Claim::registration);
  }

  @Override
  public void ended(Claim claim, VoteResult result, int rounds, long nanos) {
    instrumentation.get().voteEnded(claim.kind(), result, rounds, nanos);
    if (log.isDebugEnabled()) {
      log.debug("vote on {} '{}' (claim {} of {}) ended {} after {} round(s) in {} µs", claim.kind(), claim.name(),
          claim.id(), claim.owner().address(), result, rounds, nanos / 1_000);
    }
  }

  @Override
  public void rejected(Claim claim, RejectReason reason) {
    instrumentation.get().rejected(reason);
    if (reason == RejectReason.NO_QUORUM) {
      log.info("register {} '{}' (claim {} of {}) rejected: not enough registry replicas voted for it within "
          + "mcp.registry.cluster.register-timeout", claim.kind(), claim.name(), claim.id(), claim.owner().address());
    } else {
      log.debug("register {} '{}' (claim {} of {}) rejected: {}", claim.kind(), claim.name(), claim.id(),
          claim.owner().address(), reason);
    }
  }

  private void reply(CompletableFuture<Outcome.RegisterOutcome> future, Outcome.RegisterOutcome value) {
    replies.execute(() -> future.complete(value));
  }
}

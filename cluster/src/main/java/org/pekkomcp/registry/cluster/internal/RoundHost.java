/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.UniqueAddress;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.EntryId;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Commit;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Committed;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Propose;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Retract;
import org.pekkomcp.registry.cluster.internal.ClusterProtocol.Vote;
import org.pekkomcp.registry.spi.RegistryCommand;

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

  /** @param replies where the callers' futures are completed, off the actor's thread */
  RoundHost(UniqueAddress self, OwnerSync sync, RegistryReplica replica, Peers peers, PeerInbox inbox, Registrants registrants,
      CrdtAntiEntropy crdt, TimerScheduler<RegistryCommand> timers, Executor replies) {
    this.self = self;
    this.sync = sync;
    this.replica = replica;
    this.peers = peers;
    this.inbox = inbox;
    this.registrants = registrants;
    this.crdt = crdt;
    this.timers = timers;
    this.replies = replies;
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
  public void commit(Claim claim, boolean everyRecipientProposed, CompletableFuture<Outcome.RegisterOutcome> reply) {
    registrants.attemptCommitted(claim.ref(), NameKey.of(claim));
    peers.push(everyRecipientProposed ? new Committed(claim.entryId()) : new Commit(claim));
    crdt.addClaim(claim);
    Optional<Claim> shown = replica.commitOwn(claim);
    if (shown.isPresent() && shown.get().entryId().equals(claim.entryId())) {
      reply(reply, new Outcome.Registered(claim.registration()));
    } else {
      reply(reply, new Outcome.AlreadyRegistered(shown.orElse(claim).registration()));
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
    return replica.shown(key).map(Claim::registration);
  }

  private void reply(CompletableFuture<Outcome.RegisterOutcome> future, Outcome.RegisterOutcome value) {
    replies.execute(() -> future.complete(value));
  }
}

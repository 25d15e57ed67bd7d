/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Outcome.RegisterOutcome;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.RegistryInstrumentation.RejectReason;
import org.pekkomcp.registry.RegistryInstrumentation.VoteResult;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.ClusterRegistrySettings;
import org.pekkomcp.registry.cluster.EntryId;
import org.pekkomcp.registry.cluster.OldestClaimWins;

/**
 * Nodes that each run the real {@link VoteRounds} (owner side) and {@link ReplicaVotes} (replica
 * side) over a simulated network of ordered channels, one per pair of nodes, as Pekko keeps the
 * order of messages between two actors. Nothing is delivered until a test says which channel
 * goes next, so a test can play any interleaving, and checks what each node commits and answers.
 * Membership is fixed: every node is Up and votes.
 */
final class SimulatedVoters {

  static final ClusterRegistrySettings SETTINGS = ClusterRegistrySettings.from(com.typesafe.config.ConfigFactory.load());

  sealed interface Message {}

  record ProposeMsg(Claim claim, int round) implements Message {}

  record RetractMsg(Claim claim) implements Message {}

  record CommitMsg(Claim claim) implements Message {}

  record VoteMsg(ClusterProtocol.Vote vote) implements Message {}

  record Channel(int from, int to) {}

  /** A call's end as the rounds report it to the instrumentation: result, rounds, time since the call, and why a rejection. */
  record Ended(VoteResult result, int rounds, long nanos, Optional<RejectReason> reason) {}

  /** What one node's host was told to do, for the checks. */
  final class Node implements VoteRounds.Host {
    final int index;
    final UniqueAddress address;
    final SlotTable slots = new SlotTable();
    final ReplicaVotes replica = new ReplicaVotes(slots, new OldestClaimWins());
    final VoteRounds rounds;
    /** Claims this node committed as their owner. */
    final List<Claim> committed = new ArrayList<>();
    /** Each call's answers (more than one would be a bug). */
    final Map<EntryId, List<RegisterOutcome>> answers = new HashMap<>();
    /** Per claim, its current round and the voters whose ack that round counted. */
    final Map<EntryId, Integer> roundOf = new HashMap<>();
    final Map<EntryId, Set<UniqueAddress>> acksOf = new HashMap<>();
    final Set<EntryId> retries = new HashSet<>();
    /** The backoffs asked for, in order. */
    final List<Duration> backoffs = new ArrayList<>();
    /** Acks counted in the round when it committed, per committed claim. */
    final Map<EntryId, Integer> acksAtCommit = new HashMap<>();
    /** Each call's reported ends (more than one would be a bug). */
    final Map<EntryId, List<Ended>> endings = new HashMap<>();
    private final Map<EntryId, RejectReason> rejections = new HashMap<>();

    Node(int index) {
      this.index = index;
      this.address = new UniqueAddress(new Address("pekko", "sim", "10.0.0." + (index + 1), 25520), index + 1);
      this.rounds = new VoteRounds(address, SETTINGS, new SplittableRandom(index), this);
    }

    @Override
    public void propose(Claim claim, int round) {
      roundOf.put(claim.entryId(), round);
      acksOf.put(claim.entryId(), new HashSet<>());
      toPeers(index, new ProposeMsg(claim, round));
    }

    @Override
    public VoteRounds.Ballot ownVote(Claim claim, int round) {
      VoteRounds.Ballot ballot = ballot(replica.vote(claim, round, false, owner -> true, now));
      if (ballot instanceof VoteRounds.Ballot.Ack) {
        acksOf.get(claim.entryId()).add(address);
      }
      return ballot;
    }

    @Override
    public void retract(Claim claim) {
      toPeers(index, new RetractMsg(claim));
      release(claim);
    }

    @Override
    public RegisterOutcome commit(Claim claim, boolean everyRecipientProposed, CompletableFuture<RegisterOutcome> reply) {
      committed.add(claim);
      acksAtCommit.put(claim.entryId(), acksOf.get(claim.entryId()).size());
      apply(claim);
      toPeers(index, new CommitMsg(claim));
      RegisterOutcome outcome = shown(NameKey.of(claim)).orElseThrow().equals(claim.registration())
          ? new org.pekkomcp.registry.Outcome.Registered(claim.registration())
          : new org.pekkomcp.registry.Outcome.AlreadyRegistered(shown(NameKey.of(claim)).orElseThrow());
      answer(claim, outcome);
      return outcome;
    }

    @Override
    public void ended(Claim claim, VoteResult result, int rounds, long nanos) {
      endings.computeIfAbsent(claim.entryId(), id -> new ArrayList<>())
          .add(new Ended(result, rounds, nanos, Optional.ofNullable(rejections.remove(claim.entryId()))));
    }

    @Override
    public void rejected(Claim claim, RejectReason reason) {
      rejections.put(claim.entryId(), reason);
    }

    /** The one end reported for {@code claim}. */
    Ended endOf(Claim claim) {
      List<Ended> ends = endings.getOrDefault(claim.entryId(), List.of());
      if (ends.size() != 1) {
        throw new AssertionError("expected one end of " + claim.entryId() + ", got " + ends);
      }
      return ends.get(0);
    }

    @Override
    public void finish(Claim claim, CompletableFuture<RegisterOutcome> reply, RegisterOutcome outcome) {
      answer(claim, outcome);
    }

    @Override
    public void scheduleRetry(EntryId claim, Duration backoff) {
      retries.add(claim);
      backoffs.add(backoff);
    }

    @Override
    public void cancelRetry(EntryId claim) {
      retries.remove(claim);
    }

    @Override
    public Optional<Registration> shown(NameKey key) {
      Slot slot = slots.get(key);
      if (slot == null || slot.committedCount() == 0) {
        return Optional.empty();
      }
      Claim winner = slot.committed().get(0);
      for (Claim c : slot.committed()) {
        winner = new OldestClaimWins().winner(winner, c);
      }
      return Optional.of(winner.registration());
    }

    void register(Claim claim) {
      answers.put(claim.entryId(), new ArrayList<>());
      rounds.register(claim, new CompletableFuture<>(), now);
    }

    void receive(int from, Message message) {
      UniqueAddress sender = nodes.get(from).address;
      if (message instanceof ProposeMsg p) {
        send(index, from, new VoteMsg(replica.vote(p.claim(), p.round(), false, owner -> true, now)));
      } else if (message instanceof RetractMsg r) {
        release(r.claim());
      } else if (message instanceof CommitMsg c) {
        apply(c.claim());
      } else if (message instanceof VoteMsg v) {
        ClusterProtocol.Vote vote = v.vote();
        if (rounds.awaits(vote.claim(), vote.round(), sender)) {
          VoteRounds.Ballot ballot = ballot(vote);
          if (ballot instanceof VoteRounds.Ballot.Ack) {
            acksOf.get(vote.claim()).add(sender);
          }
          rounds.count(vote.claim(), sender, ballot, now);
        }
      }
    }

    private void answer(Claim claim, RegisterOutcome outcome) {
      answers.computeIfAbsent(claim.entryId(), id -> new ArrayList<>()).add(outcome);
    }

    private void apply(Claim claim) {
      Slot slot = slots.getOrCreate(NameKey.of(claim));
      if (slot.committed(claim.entryId()).isEmpty()) {
        slot.add(claim);
      }
      replica.release(slot, claim.entryId());
    }

    private void release(Claim claim) {
      Slot slot = slots.get(NameKey.of(claim));
      if (slot != null) {
        replica.release(slot, claim.entryId());
        slots.dropIfEmpty(NameKey.of(claim), slot);
      }
    }
  }

  final List<Node> nodes = new ArrayList<>();
  final LinkedHashMap<Channel, ArrayDeque<Message>> channels = new LinkedHashMap<>();
  long now = 1_000_000_000L;
  private final ActorRef<Object> ref;

  SimulatedVoters(int size, ActorRef<Object> ref) {
    this.ref = ref;
    for (int i = 0; i < size; i++) {
      nodes.add(new Node(i));
    }
    for (Node node : nodes) {
      Map<UniqueAddress, MemberStatus> members = new HashMap<>();
      for (Node other : nodes) {
        if (other != node) {
          members.put(other.address, MemberStatus.up());
        }
      }
      node.rounds.membersChanged(Quorum.of(SETTINGS.writeConsistency(), node.address, members), members.keySet());
    }
  }

  /** A claim on {@code name} by node {@code owner}, made at {@code time}. */
  Claim claim(int owner, String name, long time, long id) {
    return new Claim(Kind.SERVER, name, ref, nodes.get(owner).address, EntryConfig.empty(), time, id, 0);
  }

  static VoteRounds.Ballot ballot(ClusterProtocol.Vote vote) {
    if (vote.ack()) {
      return VoteRounds.Ballot.ACK;
    }
    return vote.holderCommitted() && vote.holder().isPresent() ? new VoteRounds.Ballot.HeldBy(vote.holder().get()) : VoteRounds.Ballot.NACK;
  }

  void send(int from, int to, Message message) {
    channels.computeIfAbsent(new Channel(from, to), c -> new ArrayDeque<>()).add(message);
  }

  private void toPeers(int from, Message message) {
    for (Node node : nodes) {
      if (node.index != from) {
        send(from, node.index, message);
      }
    }
  }

  /** Delivers the next message on the channel from {@code from} to {@code to}; whether there was one. */
  boolean deliver(int from, int to) {
    ArrayDeque<Message> queue = channels.get(new Channel(from, to));
    if (queue == null || queue.isEmpty()) {
      return false;
    }
    nodes.get(to).receive(from, queue.poll());
    return true;
  }

  /** The messages waiting on the channel from {@code from} to {@code to}. */
  List<Message> waiting(int from, int to) {
    return List.copyOf(channels.getOrDefault(new Channel(from, to), new ArrayDeque<>()));
  }

  /** The channels with a message waiting, in a stable order. */
  List<Channel> busyChannels() {
    List<Channel> busy = new ArrayList<>();
    channels.forEach((channel, queue) -> {
      if (!queue.isEmpty()) {
        busy.add(channel);
      }
    });
    return busy;
  }

  /** Moves the clock by the longest backoff and fires the backoff timers that are set, as the actor's timers would. */
  void fireRetries() {
    now += SETTINGS.retryBackoffMax().toNanos();
    for (Node node : nodes) {
      for (EntryId claim : List.copyOf(node.retries)) {
        node.retries.remove(claim);
        node.rounds.retry(claim, now);
      }
    }
  }

  /** Moves the clock by {@code nanos} and ticks every node; re-asked votes go on the ordered channels. */
  void tick(long nanos) {
    now += nanos;
    for (Node node : nodes) {
      node.rounds.tick(now).forEach((voter, ops) -> {
        int to = indexOf(voter);
        ops.forEach(op -> {
          ClusterProtocol.Propose p = (ClusterProtocol.Propose) op;
          send(node.index, to, new ProposeMsg(p.claim(), p.round()));
        });
      });
    }
  }

  /** Delivers everything, fires every retry, and ticks past every deadline, until nothing is left to do. */
  void settle() {
    for (int i = 0; i < 200_000; i++) {
      List<Channel> busy = busyChannels();
      if (!busy.isEmpty()) {
        deliver(busy.get(0).from(), busy.get(0).to());
      } else if (nodes.stream().anyMatch(n -> !n.retries.isEmpty())) {
        fireRetries();
      } else if (nodes.stream().anyMatch(n -> n.answers.values().stream().anyMatch(List::isEmpty))) {
        tick(SETTINGS.writeTimeout().toNanos() + 1);
      } else {
        return;
      }
    }
    throw new AssertionError("the simulated cluster did not settle");
  }

  private int indexOf(UniqueAddress address) {
    for (Node node : nodes) {
      if (node.address.equals(address)) {
        return node.index;
      }
    }
    throw new IllegalArgumentException(address.toString());
  }
}

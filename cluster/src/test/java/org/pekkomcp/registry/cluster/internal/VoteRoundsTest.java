/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.UniqueAddress;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.Outcome.RegisterOutcome;
import org.pekkomcp.registry.RegistryInstrumentation.RejectReason;
import org.pekkomcp.registry.RegistryInstrumentation.VoteResult;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.TestActors;

/**
 * The claim protocol's vote rounds, driven without actors: each simulated node runs the real
 * {@link VoteRounds} and {@link ReplicaVotes}, and the test chooses the order in which messages
 * arrive ({@link SimulatedVoters}).
 */
class VoteRoundsTest {

  private static ActorTestKit kit;
  private static ActorRef<Object> ref;

  @BeforeContainer
  static void start() {
    kit = ActorTestKit.create("rounds");
    ref = TestActors.spawn(kit.system(), "claimant");
  }

  @AfterContainer
  static void stop() {
    kit.shutdownTestKit();
  }

  /**
   * The race that "claim to a majority, then let the oldest claim win" gets wrong: the older claim
   * A (node 0) has reached only nodes 0 and 1 when the younger C (node 4) is acked by nodes 4, 3
   * and 2, none of which has seen A. C commits; node 2 then nacks A (it holds C), A's round can no
   * longer reach three acks, and A is answered {@code AlreadyRegistered(C)}: one winner, and it is
   * the claim that reached a majority first, not the older one.
   */
  @Example
  void theOlderClaimThatLosesTheRaceToAMajorityIsToldTheYoungerOneHoldsTheName() {
    SimulatedVoters sim = new SimulatedVoters(5, ref);
    Claim older = sim.claim(0, "calc", 1_000, 1);
    Claim younger = sim.claim(4, "calc", 2_000, 1);
    sim.nodes.get(0).register(older);
    sim.deliver(0, 1);
    sim.deliver(1, 0);
    sim.nodes.get(4).register(younger);
    sim.deliver(4, 3);
    sim.deliver(3, 4);
    sim.deliver(4, 2);
    sim.deliver(2, 4);
    assertEquals(List.of(younger), sim.nodes.get(4).committed, "the younger claim has its majority: 4, 3, 2");
    sim.deliver(0, 2);
    sim.deliver(2, 0);
    sim.deliver(0, 3);
    sim.deliver(3, 0);
    assertTrue(sim.nodes.get(0).committed.isEmpty(), "nodes 2 and 3 hold the younger claim: the older cannot commit");
    sim.settle();
    assertTrue(sim.nodes.get(0).committed.isEmpty());
    RegisterOutcome answer = only(sim.nodes.get(0).answers.get(older.entryId()));
    assertEquals(new Outcome.AlreadyRegistered(younger.registration()), answer);
    assertInstanceOf(Outcome.Registered.class, only(sim.nodes.get(4).answers.get(younger.entryId())));
    assertEquals(VoteResult.ALREADY_REGISTERED, sim.nodes.get(0).endOf(older).result());
    assertEquals(new SimulatedVoters.Ended(VoteResult.REGISTERED, 1, 0, Optional.empty()), sim.nodes.get(4).endOf(younger),
        "one round, and the simulated clock did not move");
  }

  @Example
  void aCallOnANameThisNodeIsAlreadyVotingOnWaitsAndIsAnsweredByTheFirstOnesOutcome() {
    SimulatedVoters sim = new SimulatedVoters(3, ref);
    Claim first = sim.claim(0, "calc", 1_000, 1);
    Claim second = sim.claim(0, "calc", 1_001, 2);
    sim.nodes.get(0).register(first);
    sim.nodes.get(0).register(second);
    assertEquals(2, sim.channels.values().stream().mapToInt(q -> q.size()).sum(), "only the first is proposed, to nodes 1 and 2");
    sim.settle();
    assertEquals(List.of(first), sim.nodes.get(0).committed);
    assertEquals(new Outcome.AlreadyRegistered(first.registration()), only(sim.nodes.get(0).answers.get(second.entryId())));
  }

  @Example
  void aRoundWaitingPastWriteTimeoutAsksOnlyTheVotersThatHaveNotVotedAndWaitsTwiceAsLongNextTime() {
    SimulatedVoters sim = new SimulatedVoters(5, ref);
    Claim claim = oneAckIn(sim);
    sim.channels.clear();
    long writeTimeout = SimulatedVoters.SETTINGS.writeTimeout().toNanos();
    sim.tick(writeTimeout - 1);
    assertTrue(sim.busyChannels().isEmpty(), "no vote is asked again before write-timeout");
    sim.tick(2);
    List<SimulatedVoters.Channel> unvoted = List.of(new SimulatedVoters.Channel(0, 2), new SimulatedVoters.Channel(0, 3),
        new SimulatedVoters.Channel(0, 4));
    assertEquals(unvoted, sim.busyChannels(), "node 1 voted; nodes 2 to 4 did not (the Proposes to them were lost)");
    sim.channels.clear();
    sim.tick(writeTimeout + 1);
    assertTrue(sim.busyChannels().isEmpty(), "the second wait is twice write-timeout");
    sim.tick(writeTimeout);
    assertEquals(unvoted, sim.busyChannels());
    sim.settle();
    assertEquals(List.of(claim), sim.nodes.get(0).committed);
  }

  @Example
  void aCallWhoseVotesNeverComeIsRejectedAfterRegisterTimeout() {
    SimulatedVoters sim = new SimulatedVoters(3, ref);
    Claim claim = sim.claim(0, "calc", 1_000, 1);
    sim.nodes.get(0).register(claim);
    for (int i = 0; i < 20 && sim.nodes.get(0).answers.get(claim.entryId()).isEmpty(); i++) {
      sim.channels.clear();
      sim.tick(SimulatedVoters.SETTINGS.writeTimeout().toNanos() + 1);
    }
    assertInstanceOf(Outcome.Rejected.class, only(sim.nodes.get(0).answers.get(claim.entryId())));
    assertTrue(sim.nodes.get(0).committed.isEmpty());
    assertEquals(List.of(new SimulatedVoters.RetractMsg(claim)), sim.waiting(0, 1), "the replicas that may hold it pending release it");
    SimulatedVoters.Ended end = sim.nodes.get(0).endOf(claim);
    assertEquals(VoteResult.REJECTED, end.result());
    assertEquals(Optional.of(RejectReason.NO_QUORUM), end.reason());
    assertTrue(end.nanos() > SimulatedVoters.SETTINGS.registerTimeout().toNanos(), "reported after register-timeout: " + end);
  }

  @Example
  void aNodeThatDepartsRejectsItsOpenCallsAndAcceptsNoNewRound() {
    SimulatedVoters sim = new SimulatedVoters(3, ref);
    Claim claim = sim.claim(0, "calc", 1_000, 1);
    sim.nodes.get(0).register(claim);
    assertFalse(sim.nodes.get(0).rounds.departed());
    sim.nodes.get(0).rounds.depart(sim.now);
    assertTrue(sim.nodes.get(0).rounds.departed());
    RegisterOutcome answer = only(sim.nodes.get(0).answers.get(claim.entryId()));
    assertInstanceOf(Outcome.Rejected.class, answer);
    assertEquals(VoteRounds.departedOutcome(), answer);
    assertEquals(Optional.of(RejectReason.NODE_DEPARTED), sim.nodes.get(0).endOf(claim).reason());
    sim.settle();
    assertTrue(sim.nodes.get(0).committed.isEmpty(), "late acks of a departed node's round commit nothing");
  }

  @Example
  void aVoterThatLeavesAfterVotingDoesNotRestartTheRound() {
    SimulatedVoters sim = new SimulatedVoters(5, ref);
    SimulatedVoters.Node owner = sim.nodes.get(0);
    Claim claim = oneAckIn(sim);
    sim.channels.clear();
    Map<UniqueAddress, org.apache.pekko.cluster.MemberStatus> rest = new java.util.HashMap<>();
    for (int i = 2; i < 5; i++) {
      rest.put(sim.nodes.get(i).address, org.apache.pekko.cluster.MemberStatus.up());
    }
    owner.rounds.membersChanged(Quorum.of(SimulatedVoters.SETTINGS.writeConsistency(), owner.address, rest), rest.keySet());
    owner.rounds.restartMissingVoters(sim.now);
    assertTrue(sim.busyChannels().isEmpty(), "node 1 voted before it left: the round goes on");
    assertTrue(owner.retries.isEmpty());
  }

  @Example
  void aRoundMissingAVoterThatLeftIsRetractedAndRetriedAmongTheRest() {
    SimulatedVoters sim = new SimulatedVoters(3, ref);
    SimulatedVoters.Node owner = sim.nodes.get(0);
    Claim claim = sim.claim(0, "calc", 1_000, 1);
    owner.register(claim);
    sim.channels.clear();
    UniqueAddress kept = sim.nodes.get(1).address;
    owner.rounds.membersChanged(Quorum.of(SimulatedVoters.SETTINGS.writeConsistency(), owner.address,
        Map.of(kept, org.apache.pekko.cluster.MemberStatus.up())), java.util.Set.of(kept));
    owner.rounds.restartMissingVoters(sim.now);
    assertEquals(List.of(new SimulatedVoters.Channel(0, 1), new SimulatedVoters.Channel(0, 2)), sim.busyChannels(), "the Retract");
    assertEquals(java.util.Set.of(claim.entryId()), owner.retries);
    sim.channels.remove(new SimulatedVoters.Channel(0, 2));
    sim.nodes.remove(2);
    sim.settle();
    assertEquals(List.of(claim), owner.committed, "two of the two voters left");
    assertEquals(2, owner.roundOf.get(claim.entryId()));
    assertEquals(new SimulatedVoters.Ended(VoteResult.REGISTERED, 2, owner.endOf(claim).nanos(), Optional.empty()), owner.endOf(claim),
        "reported with both rounds");
  }

  /**
   * Node 1's claim C is pending on nodes 1 and 2 when node 0 proposes A: two nacks of three voters
   * leave A no majority, so A is retracted and retried after a backoff within the configured
   * bounds, and a retry that finds C still pending past register-timeout is rejected.
   */
  @Example
  void aSplitVoteIsRetractedAndRetriedAfterABackoffUntilRegisterTimeout() {
    SimulatedVoters sim = new SimulatedVoters(3, ref);
    SimulatedVoters.Node owner = sim.nodes.get(0);
    Claim claim = splitVote(sim);
    assertEquals(java.util.Set.of(claim.entryId()), owner.retries);
    assertEquals(List.of(new SimulatedVoters.RetractMsg(claim)), sim.waiting(0, 1));
    Duration backoff = owner.backoffs.get(0);
    assertTrue(backoff.compareTo(SimulatedVoters.SETTINGS.retryBackoffMin()) >= 0
        && backoff.compareTo(SimulatedVoters.SETTINGS.retryBackoffMax()) <= 0, backoff.toString());
    assertFalse(owner.rounds.awaits(claim.entryId(), 1, sim.nodes.get(1).address), "a round backing off counts no vote");
    assertTrue(owner.answers.get(claim.entryId()).isEmpty());

    sim.channels.clear();
    sim.now += SimulatedVoters.SETTINGS.registerTimeout().toNanos() - SimulatedVoters.SETTINGS.retryBackoffMax().toNanos();
    sim.fireRetries();
    assertEquals(2, owner.roundOf.get(claim.entryId()));
    sim.deliver(0, 1);
    sim.deliver(0, 2);
    sim.deliver(1, 0);
    sim.deliver(2, 0);
    assertInstanceOf(Outcome.Rejected.class, only(owner.answers.get(claim.entryId())), "no time left for another backoff");
    assertTrue(owner.retries.isEmpty());
  }

  @Example
  void aNackNamingACommittedHolderRetractsAndAnswersWithTheHolder() {
    SimulatedVoters sim = new SimulatedVoters(3, ref);
    Claim holder = sim.claim(1, "calc", 1_000, 1);
    sim.nodes.get(1).register(holder);
    sim.deliver(1, 2);
    sim.deliver(2, 1);
    assertEquals(List.of(holder), sim.nodes.get(1).committed);
    sim.channels.clear();
    Claim claim = sim.claim(0, "calc", 900, 1);
    sim.nodes.get(0).register(claim);
    sim.deliver(0, 1);
    sim.deliver(1, 0);
    assertEquals(new Outcome.AlreadyRegistered(holder.registration()), only(sim.nodes.get(0).answers.get(claim.entryId())),
        "the older claim loses to the committed one");
    assertEquals(List.of(new SimulatedVoters.ProposeMsg(claim, 1), new SimulatedVoters.RetractMsg(claim)), sim.waiting(0, 2));
  }

  @Example
  void aStoppedRegistrantsCallsAreRejectedAndWhatWasProposedRetracted() {
    SimulatedVoters sim = new SimulatedVoters(3, ref);
    SimulatedVoters.Node owner = sim.nodes.get(0);
    Claim first = sim.claim(0, "calc", 1_000, 1);
    Claim second = sim.claim(0, "calc", 1_001, 2);
    Claim unrelated = sim.claim(0, "other", 1_002, 3);
    owner.register(first);
    owner.register(second);
    owner.register(unrelated);
    sim.channels.clear();
    owner.rounds.stopped(c -> c.name().equals("calc"), sim.now);
    assertInstanceOf(Outcome.Rejected.class, only(owner.answers.get(first.entryId())));
    assertInstanceOf(Outcome.Rejected.class, only(owner.answers.get(second.entryId())));
    assertTrue(owner.answers.get(unrelated.entryId()).isEmpty());
    assertEquals(Optional.of(RejectReason.REGISTRANT_STOPPED), owner.endOf(first).reason());
    assertEquals(Optional.of(RejectReason.REGISTRANT_STOPPED), owner.endOf(second).reason());
    assertFalse(owner.endings.containsKey(unrelated.entryId()));
    List<SimulatedVoters.Message> sent = sim.waiting(0, 1);
    assertTrue(sent.contains(new SimulatedVoters.RetractMsg(first)), sent.toString());
    for (SimulatedVoters.Message message : sent) {
      if (message instanceof SimulatedVoters.ProposeMsg p) {
        assertTrue(sent.indexOf(new SimulatedVoters.RetractMsg(p.claim())) > sent.indexOf(message), "every proposal is retracted: " + sent);
      }
    }
    assertTrue(sent.stream().noneMatch(m -> m instanceof SimulatedVoters.RetractMsg r && r.claim().equals(unrelated)));
  }

  @Example
  void aVoterReachableAgainIsAskedOnlyForTheRoundsItHasNotVotedOn() {
    SimulatedVoters sim = new SimulatedVoters(5, ref);
    SimulatedVoters.Node owner = sim.nodes.get(0);
    Claim claim = oneAckIn(sim);
    assertEquals(List.of(), owner.rounds.proposalsFor(sim.nodes.get(1).address));
    assertEquals(List.of(new ClusterProtocol.Propose(claim, 1)), owner.rounds.proposalsFor(sim.nodes.get(2).address));
    assertTrue(owner.rounds.awaits(claim.entryId(), 1, sim.nodes.get(2).address));
    assertFalse(owner.rounds.awaits(claim.entryId(), 2, sim.nodes.get(2).address), "a vote on another round");
    assertFalse(owner.rounds.awaits(sim.claim(0, "calc", 1_000, 9).entryId(), 1, sim.nodes.get(2).address), "an unknown claim");
  }

  @Example
  void aDepartingNodeDoesNotRetractARoundThatIsBackingOffAndCancelsItsRetry() {
    SimulatedVoters sim = new SimulatedVoters(3, ref);
    SimulatedVoters.Node owner = sim.nodes.get(0);
    Claim claim = splitVote(sim);
    assertEquals(java.util.Set.of(claim.entryId()), owner.retries);
    sim.channels.clear();
    owner.rounds.depart(sim.now);
    assertTrue(sim.busyChannels().isEmpty(), "retracted already");
    assertTrue(owner.retries.isEmpty());
    assertEquals(VoteRounds.departedOutcome(), only(owner.answers.get(claim.entryId())));
  }

  // ---- any interleaving ----

  /**
   * Three or four nodes claim one name, some twice, while the test picks which channel delivers
   * next, when backoff timers fire and when time passes: whatever the order, at most one claim
   * commits, a claim commits only with a quorum of acks in its round, every call is answered
   * exactly once (and reported once, as answered), and every call that lost is told the winner or rejected.
   */
  @Property(tries = 300)
  void anyInterleavingCommitsAtMostOneClaimPerNameEachWithAQuorumAndAnswersEveryCallOnce(
      @ForAll @IntRange(min = 3, max = 5) int size, @ForAll("claimants") List<Integer> claimants, @ForAll("steps") List<Integer> steps) {
    SimulatedVoters sim = new SimulatedVoters(size, ref);
    List<Claim> claims = new ArrayList<>();
    for (int i = 0; i < claimants.size(); i++) {
      claims.add(sim.claim(claimants.get(i) % size, "calc", 1_000 + i, i));
    }
    int next = 0;
    for (int step : steps) {
      if (next < claims.size() && step % 7 == 0) {
        Claim claim = claims.get(next++);
        sim.nodes.get(sim.nodes.indexOf(nodeOf(sim, claim))).register(claim);
      } else if (step % 11 == 1) {
        sim.fireRetries();
      } else if (step % 13 == 2) {
        sim.tick(SimulatedVoters.SETTINGS.writeTimeout().toNanos() + 1);
      } else {
        List<SimulatedVoters.Channel> busy = sim.busyChannels();
        if (!busy.isEmpty()) {
          SimulatedVoters.Channel channel = busy.get(Math.floorMod(step, busy.size()));
          sim.deliver(channel.from(), channel.to());
        }
      }
    }
    while (next < claims.size()) {
      Claim claim = claims.get(next++);
      nodeOf(sim, claim).register(claim);
    }
    sim.settle();

    List<Claim> committed = new ArrayList<>();
    sim.nodes.forEach(node -> committed.addAll(node.committed));
    assertTrue(committed.size() <= 1, "two claims on one name committed: " + committed);
    for (SimulatedVoters.Node node : sim.nodes) {
      node.acksAtCommit.forEach((claim, acks) -> assertTrue(acks >= majority(size), claim + " committed with " + acks + " acks"));
    }
    for (Claim claim : claims) {
      List<RegisterOutcome> answers = nodeOf(sim, claim).answers.get(claim.entryId());
      assertEquals(1, answers.size(), "answers to " + claim.entryId() + ": " + answers);
      RegisterOutcome answer = answers.get(0);
      assertEquals(answer instanceof Outcome.Registered ? VoteResult.REGISTERED
          : answer instanceof Outcome.AlreadyRegistered ? VoteResult.ALREADY_REGISTERED : VoteResult.REJECTED,
          nodeOf(sim, claim).endOf(claim).result(), "the end reported is the answer given");
      if (committed.contains(claim)) {
        assertEquals(new Outcome.Registered(claim.registration()), answer);
      } else {
        assertFalse(answer instanceof Outcome.Registered, claim + " was told Registered without committing");
        if (answer instanceof Outcome.AlreadyRegistered taken) {
          assertEquals(committed.get(0).registration(), taken.existing(), "the holder named is the one that committed");
        }
      }
    }
  }

  @Provide
  Arbitrary<List<Integer>> claimants() {
    return Arbitraries.integers().between(0, 4).list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<Integer>> steps() {
    return Arbitraries.integers().between(0, 1_000).list().ofMaxSize(200);
  }

  /** Node 0 proposes "calc" to every node; only node 1's ack is back. Returns node 0's claim. */
  private static Claim oneAckIn(SimulatedVoters sim) {
    Claim claim = sim.claim(0, "calc", 1_000, 1);
    sim.nodes.get(0).register(claim);
    sim.deliver(0, 1);
    sim.deliver(1, 0);
    return claim;
  }

  /**
   * Node 1's claim on "calc" is pending on nodes 1 and 2 when node 0 proposes its own: node 0's
   * round gets two nacks of three and backs off. Returns node 0's claim.
   */
  private static Claim splitVote(SimulatedVoters sim) {
    Claim other = sim.claim(1, "calc", 1_000, 1);
    Claim claim = sim.claim(0, "calc", 1_001, 1);
    sim.nodes.get(1).register(other);
    sim.deliver(1, 2);
    sim.channels.clear();
    sim.nodes.get(0).register(claim);
    sim.deliver(0, 1);
    sim.deliver(0, 2);
    sim.deliver(1, 0);
    sim.deliver(2, 0);
    return claim;
  }

  private static SimulatedVoters.Node nodeOf(SimulatedVoters sim, Claim claim) {
    return sim.nodes.stream().filter(n -> n.address.equals(claim.owner())).findFirst().orElseThrow();
  }

  private static int majority(int size) {
    return size / 2 + 1;
  }

  private static RegisterOutcome only(List<RegisterOutcome> answers) {
    assertEquals(1, answers.size(), "answers: " + answers);
    return answers.get(0);
  }
}

package org.pekkomcp.registry.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    Claim claim = sim.claim(0, "calc", 1_000, 1);
    sim.nodes.get(0).register(claim);
    sim.deliver(0, 1);
    sim.deliver(1, 0);
    sim.channels.clear();
    long writeTimeout = SimulatedVoters.SETTINGS.writeTimeout().toNanos();
    sim.tick(writeTimeout + 1);
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
  }

  @Example
  void aNodeThatDepartsRejectsItsOpenCallsAndAcceptsNoNewRound() {
    SimulatedVoters sim = new SimulatedVoters(3, ref);
    Claim claim = sim.claim(0, "calc", 1_000, 1);
    sim.nodes.get(0).register(claim);
    sim.nodes.get(0).rounds.depart(sim.now);
    assertTrue(sim.nodes.get(0).rounds.departed());
    assertEquals(VoteRounds.departedOutcome(), only(sim.nodes.get(0).answers.get(claim.entryId())));
    sim.settle();
    assertTrue(sim.nodes.get(0).committed.isEmpty(), "late acks of a departed node's round commit nothing");
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
  }

  // ---- any interleaving ----

  /**
   * Three or four nodes claim one name, some twice, while the test picks which channel delivers
   * next, when backoff timers fire and when time passes: whatever the order, at most one claim
   * commits, a claim commits only with a quorum of acks in its round, every call is answered
   * exactly once, and every call that lost is told the winner or rejected.
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

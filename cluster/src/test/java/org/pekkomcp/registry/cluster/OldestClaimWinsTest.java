/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.UniqueAddress;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;

/**
 * The default resolver is a pure total order on distinct entries: every node, handed the same
 * pair in either order, keeps the same claim, and three claims settle the same whichever pair
 * meets first. Values are drawn from small ranges so that times, hosts and uids tie often; the
 * hosts include "10.0.0.10", which sorts before "10.0.0.2" as text.
 */
class OldestClaimWinsTest {

  private static ActorTestKit kit;
  private static ActorRef<Object> ref;
  private static final ConflictResolver RESOLVER = new OldestClaimWins();

  @BeforeContainer
  static void start() {
    kit = ActorTestKit.create("resolver");
    ref = TestActors.spawn(kit.system(), "claimant");
  }

  @AfterContainer
  static void stop() {
    kit.shutdownTestKit();
  }

  @Provide
  Arbitrary<Claim> claims() {
    Arbitrary<Long> time = Arbitraries.longs().between(0, 3);
    Arbitrary<String> host = Arbitraries.of("10.0.0.1", "10.0.0.2", "10.0.0.10");
    Arbitrary<Long> uid = Arbitraries.of(-1L, 1L, 2L, Long.MAX_VALUE);
    Arbitrary<Long> id = Arbitraries.longs().between(0, 3);
    Arbitrary<Integer> version = Arbitraries.integers().between(0, 2);
    return Combinators.combine(time, host, uid, id, version).as(OldestClaimWinsTest::claim);
  }

  private static Claim claim(long time, String host, long uid, long id, int version) {
    UniqueAddress owner = new UniqueAddress(new Address("pekko", "mcp", host, 25520), uid);
    return new Claim(Kind.SERVER, "calc", ref, owner, EntryConfig.empty(), time, id, version);
  }

  @Property
  void theWinnerIsOneOfTheTwoAndTheSameInEitherOrder(@ForAll("claims") Claim a, @ForAll("claims") Claim b) {
    Assume.that(!a.entryId().equals(b.entryId()));
    Claim winner = RESOLVER.winner(a, b);
    assertTrue(winner == a || winner == b);
    assertSame(winner, RESOLVER.winner(b, a));
  }

  @Property
  void theWinnerOfThreeBeatsEachOfThemSoNoCycleExists(@ForAll("claims") Claim a, @ForAll("claims") Claim b, @ForAll("claims") Claim c) {
    Assume.that(!a.entryId().equals(b.entryId()) && !b.entryId().equals(c.entryId()) && !a.entryId().equals(c.entryId()));
    Claim winner = RESOLVER.winner(RESOLVER.winner(a, b), c);
    for (Claim each : new Claim[] {a, b, c}) {
      assertSame(winner, RESOLVER.winner(winner, each));
      assertSame(winner, RESOLVER.winner(each, winner));
    }
  }

  @Property
  void threeClaimsSettleOnOneWinnerWhicheverPairMeetsFirst(@ForAll("claims") Claim a, @ForAll("claims") Claim b, @ForAll("claims") Claim c) {
    Assume.that(!a.entryId().equals(b.entryId()) && !b.entryId().equals(c.entryId()) && !a.entryId().equals(c.entryId()));
    Claim abThenC = RESOLVER.winner(RESOLVER.winner(a, b), c);
    assertSame(abThenC, RESOLVER.winner(a, RESOLVER.winner(b, c)));
    assertSame(abThenC, RESOLVER.winner(RESOLVER.winner(c, a), b));
  }

  @Property
  void aDecisionDependsOnlyOnTheClaimsNotOnTheResolverInstanceOrACopy(@ForAll("claims") Claim a, @ForAll("claims") Claim b) {
    Assume.that(!a.entryId().equals(b.entryId()));
    Claim copyOfA = claim(a.time(), a.owner().address().host().get(), a.owner().longUid(), a.id(), a.version());
    Claim here = RESOLVER.winner(a, b);
    Claim elsewhere = new OldestClaimWins().winner(copyOfA, b);
    assertEquals(here.entryId(), elsewhere.entryId());
  }

  @Property
  void anUpdateKeepsItsClaimsRank(@ForAll("claims") Claim a, @ForAll("claims") Claim b) {
    Assume.that(!a.entryId().equals(b.entryId()));
    Claim updated = a.withConfig(EntryConfig.parse("{\"v\":1}"));
    assertEquals(RESOLVER.winner(a, b).entryId(), RESOLVER.winner(updated, b).entryId());
  }

  @Example
  void theOlderClaimWinsWhateverItsNodeUidOrId() {
    Claim older = claim(1, "10.0.0.2", 2, 3, 0);
    Claim newer = claim(2, "10.0.0.1", 1, 0, 0);
    assertSame(older, RESOLVER.winner(older, newer));
    assertSame(older, RESOLVER.winner(newer, older));
  }

  @Example
  void equalTimesFallToTheLowerAddressAsText() {
    Claim ten = claim(5, "10.0.0.10", 2, 3, 0);
    Claim two = claim(5, "10.0.0.2", 1, 0, 0);
    assertSame(ten, RESOLVER.winner(two, ten), "\"10.0.0.10\" sorts before \"10.0.0.2\"");
    assertSame(ten, RESOLVER.winner(ten, two));
  }

  @Example
  void thenTheLowerIncarnationThenTheLowerId() {
    Claim lowUid = claim(5, "10.0.0.1", -1, 3, 0);
    Claim highUid = claim(5, "10.0.0.1", 1, 0, 0);
    assertSame(lowUid, RESOLVER.winner(highUid, lowUid));
    assertSame(lowUid, RESOLVER.winner(lowUid, highUid));
    Claim lowId = claim(5, "10.0.0.1", 1, 1, 0);
    Claim highId = claim(5, "10.0.0.1", 1, 2, 0);
    assertSame(lowId, RESOLVER.winner(highId, lowId));
    assertSame(lowId, RESOLVER.winner(lowId, highId));
  }
}

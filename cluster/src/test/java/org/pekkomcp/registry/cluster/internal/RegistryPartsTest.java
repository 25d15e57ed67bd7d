/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.junit.jupiter.api.Test;
import org.pekkomcp.registry.cluster.WriteConsistency;

/** The registry actor's small parts that own their state, read without the actor. */
class RegistryPartsTest {

  private static UniqueAddress node(int n) {
    return new UniqueAddress(new Address("pekko", "mcp", "10.0.0." + n, 25520), n);
  }

  @Test
  void theOutboxSchedulesOneFlushPerBurstFlushesAtBatchSizeAndNumbersItsBatches() {
    Outbox outbox = new Outbox(3);
    ClusterProtocol.Op op = new ClusterProtocol.SnapshotEnd();
    assertEquals(Optional.empty(), outbox.take(node(1)), "nothing queued, no batch");
    assertEquals(Outbox.Next.SCHEDULE_FLUSH, outbox.add(op));
    assertEquals(Outbox.Next.WAIT, outbox.add(op));
    assertEquals(Outbox.Next.FLUSH_NOW, outbox.add(op));
    ClusterProtocol.Batch first = outbox.take(node(1)).orElseThrow();
    assertEquals(1, first.seq());
    assertEquals(3, first.ops().size());
    assertEquals(Outbox.Next.WAIT, outbox.add(op), "the flush scheduled for the first change has not arrived yet");
    outbox.flushArrived();
    assertEquals(2, outbox.take(node(1)).orElseThrow().seq());
    assertEquals(2, outbox.seq());
    assertEquals(Outbox.Next.SCHEDULE_FLUSH, outbox.add(op));
  }

  @Test
  void theReceptionistMirrorLetsInAtMostTheLimitPerGroupAndGivesAFreedPlaceToTheNextNewcomer() {
    ReceptionistMirror<String> mirror = new ReceptionistMirror<>(2);
    assertEquals(Optional.of(new ReceptionistMirror.Register<>("tools", "a")), mirror.added("tools", "a", true));
    assertEquals(Optional.empty(), mirror.added("tools", "a", false), "a second claim of a member already in");
    assertEquals(Optional.of(new ReceptionistMirror.Register<>("tools", "b")), mirror.added("tools", "b", true));
    assertEquals(Optional.of(new ReceptionistMirror.LimitReached<>("tools", 2)), mirror.added("tools", "c", true));
    assertEquals(Optional.empty(), mirror.added("tools", "d", true), "the limit is reported once per group");
    assertEquals(Optional.of(new ReceptionistMirror.Register<>("prompts", "c")), mirror.added("prompts", "c", true));
    assertEquals(Optional.empty(), mirror.removed("tools", "a"), "a still has one claim in the group");
    assertEquals(Optional.of(new ReceptionistMirror.Deregister<>("tools", "a")), mirror.removed("tools", "a"));
    assertEquals(Optional.empty(), mirror.removed("tools", "c"), "c never got in");
    assertEquals(Optional.empty(), mirror.added("tools", "c", false), "not a newcomer: it was in the group already");
    assertEquals(Optional.of(new ReceptionistMirror.Register<>("tools", "e")), mirror.added("tools", "e", true));
  }

  @Test
  void expiringEntriesGoAtTheirTimeOldestFirstAndAPutAgainStartsAnew() {
    Expiring<String, Integer> entries = new Expiring<>(Duration.ofNanos(100));
    entries.put("a", 1, 0);
    entries.put("b", 2, 10);
    entries.putIfAbsent("a", 9, 50);
    entries.put("b", 3, 60);
    entries.expire(99);
    assertEquals(List.of(1, 3), List.copyOf(entries.values()));
    entries.expire(100);
    assertFalse(entries.containsKey("a"));
    assertEquals(List.of(3), List.copyOf(entries.values()), "b was put again at 60");
    entries.expire(159);
    assertTrue(entries.containsKey("b"));
    assertEquals(Optional.of(3), entries.remove("b"));
    assertEquals(Optional.empty(), entries.remove("b"));
    entries.putIfAbsent("c", 4, 200);
    entries.expire(299);
    assertTrue(entries.containsKey("c"));
    entries.expire(300);
    assertFalse(entries.containsKey("c"), "put at 200 with a ttl of 100");
    entries.put("x1", 1, 0);
    entries.put("y1", 2, 0);
    entries.removeKeysIf(k -> k.startsWith("x"));
    assertEquals(List.of(2), List.copyOf(entries.values()));
  }

  @Test
  void membersVoteFromUpToLeavingAndAReachabilityChangeLeavesTheQuorumAlone() {
    Members members = new Members(node(1), WriteConsistency.MAJORITY);
    assertEquals(1, members.quorum().voters().size());
    assertEquals(new Members.Change(true, false, false), members.statusChanged(node(2), MemberStatus.joining()));
    assertEquals(new Members.Change(false, true, false), members.statusChanged(node(2), MemberStatus.up()));
    assertEquals(new Members.Change(true, true, false), members.statusChanged(node(3), MemberStatus.up()));
    assertEquals(2, members.quorum().required());
    assertFalse(members.wasRemoved(node(3)));
    members.unreachable(node(3));
    assertTrue(members.isUnreachable(node(3)));
    assertEquals(3, members.quorum().voters().size(), "an unreachable member still votes");
    assertEquals(new Members.Change(false, false, true), members.statusChanged(node(3), MemberStatus.exiting()));
    members.removed(node(3));
    assertTrue(members.wasRemoved(node(3)));
    assertFalse(members.isMember(node(3)));
    assertFalse(members.isUnreachable(node(3)));
    assertTrue(members.isMember(node(1)), "this node is always a member of its own view");
    assertEquals(java.util.Set.of(node(2)), members.others());
  }

  /** Who readiness waits for ({@code catchingUpWith}): voting members neither unreachable nor with their process gone. */
  @Test
  void membersInContactAreTheVotersNeitherUnreachableNorWithTheirProcessGone() {
    Members members = new Members(node(1), WriteConsistency.MAJORITY);
    members.statusChanged(node(2), MemberStatus.up());
    members.statusChanged(node(3), MemberStatus.up());
    members.statusChanged(node(4), MemberStatus.joining());
    assertEquals(java.util.Set.of(node(2), node(3)), members.inContact(), "a joining member does not vote yet");
    long version = members.version();
    members.unreachable(node(3));
    assertTrue(members.version() != version, "a reachability change is a change");
    assertEquals(java.util.Set.of(node(2)), members.inContact());
    members.reachable(node(3));
    assertTrue(members.processGone(node(2)));
    assertEquals(java.util.Set.of(node(3)), members.inContact(), "a crashed process is not waited for while it is still reachable");
    assertTrue(members.processBack(node(2)));
    assertEquals(java.util.Set.of(node(2), node(3)), members.inContact());
  }
}

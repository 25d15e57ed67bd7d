/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.ClusterNodes;
import org.pekkomcp.registry.cluster.TestActors;

/**
 * What the serializer allocates per message on the vote path, counted by the JVM for the calling
 * thread once the code is compiled: the array it hands to Artery plus at most 384 bytes per
 * message and 256 per claim written (a claim's ref path is built as a string). Prints the figures.
 */
class SerializerAllocationTest {

  private static final int FIXED = 384;
  private static final int PER_CLAIM = 256;

  private static ActorTestKit kit;
  private static ClusterRegistrySerializer serializer;
  private static UniqueAddress self;
  private static ActorRef<Object> ref;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("serializer-allocation", ClusterNodes.config(""));
    serializer = ClusterRegistrySerializer.of(Adapter.toClassic(kit.system()));
    self = Cluster.get(kit.system()).selfMember().uniqueAddress();
    ref = TestActors.spawn(kit.system(), "server");
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static Claim claim(int i) {
    return new Claim(Kind.SERVER, "server-" + i, ref, self, EntryConfig.withCapabilities("tools"), 1_700_000_000_000L + i, i, 0);
  }

  @Test
  void aMessageAllocatesItsBytesAndLittleMore() {
    List<String> over = new ArrayList<>();
    UniqueAddress other = new UniqueAddress(new Address("pekko", "serializer-allocation", "127.0.0.2", 25520), 77);
    for (int ops : new int[] {1, 32}) {
      // two instances taken in turn, so no batch is handed the kept bytes of the last one
      List<ClusterProtocol.Batch> batches = new ArrayList<>();
      List<ClusterProtocol.Votes> votes = new ArrayList<>();
      for (int copy = 0; copy < 2; copy++) {
        List<ClusterProtocol.Op> proposals = new ArrayList<>();
        List<ClusterProtocol.Vote> acks = new ArrayList<>();
        for (int i = 0; i < ops; i++) {
          proposals.add(new ClusterProtocol.Propose(claim(i), 1));
          acks.add(new ClusterProtocol.Vote(claim(i).entryId(), 1, true, Optional.empty(), false));
        }
        batches.add(new ClusterProtocol.Batch(self, copy, proposals));
        votes.add(new ClusterProtocol.Votes(other, acks));
      }
      check(over, "a batch of " + ops + " proposals", ops, i -> serializer.toBinary(batches.get(i & 1)));
      check(over, "votes, " + ops + " acks", 0, i -> serializer.toBinary(votes.get(i & 1)));
    }
    Claim claim = claim(5);
    CrdtShards.Codec<Claim> codec = serializer.claimCodec();
    check(over, "a CRDT claim payload", 1, i -> codec.encode(claim));
    assertEquals(List.of(), over, "messages that allocate more than their bound");
  }

  /** Prints what one kind of call allocates and adds it to {@code over} if that is more than its bound. */
  private static void check(List<String> over, String what, int claims, IntFunction<byte[]> write) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long wire = 0;
    for (int i = 0; i < 200_000; i++) {
      wire = write.apply(i).length;
    }
    int calls = 100_000;
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < calls; i++) {
      wire = write.apply(i).length;
    }
    double perCall = (threads.getCurrentThreadAllocatedBytes() - before) / (double) calls;
    long bound = wire + FIXED + (long) PER_CLAIM * claims;
    System.out.printf("%s: %d bytes on the wire, %.0f bytes allocated per call (bound %d)%n", what, wire, perCall, bound);
    if (perCall > bound) {
      over.add(what + ": " + Math.round(perCall) + " bytes per call, bound " + bound);
    }
  }
}

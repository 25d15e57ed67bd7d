/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.LongUnaryOperator;
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
 * message and 256 per claim written (a claim's ref path is built as a string); written into or
 * read from Artery's buffer, no array of the message's bytes. Prints the figures.
 */
class SerializerAllocationTest {

  private static final int FIXED = 384;
  private static final int PER_CLAIM = 256;
  /**
   * A read parses the node table's addresses from their strings (~1.9 KB per message) and makes
   * per claim its records, name, ref path and ref (~425 bytes); a copy of the message's bytes
   * would exceed this for the 32-claim batch.
   */
  private static final int READ_FIXED = 2048;
  private static final int READ_PER_CLAIM = 448;

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
      // Artery's path: into its buffer and out of it, no array for the message in between
      ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
      checkInPlace(over, "votes, " + ops + " acks, into Artery's buffer", FIXED, i -> {
        buffer.clear();
        serializer.toBinary(votes.get(i & 1), buffer);
        return buffer.position();
      });
      byte[] batchBytes = serializer.toBinary(batches.get(0));
      ByteBuffer incoming = ByteBuffer.wrap(batchBytes);
      checkInPlace(over, "a batch of " + ops + " proposals, read from Artery's buffer", READ_FIXED + READ_PER_CLAIM * ops, i -> {
        incoming.clear();
        try {
          serializer.fromBinary(incoming, "B1");
        } catch (java.io.NotSerializableException e) {
          throw new IllegalStateException(e);
        }
        return batchBytes.length;
      });
    }
    Claim claim = claim(5);
    CrdtShards.Codec<Claim> codec = serializer.claimCodec();
    check(over, "a CRDT claim payload", 1, i -> codec.encode(claim));
    assertEquals(List.of(), over, "messages that allocate more than their bound");
  }

  /** Prints what one kind of call allocates and adds it to {@code over} if that is more than its bound. */
  private static void check(List<String> over, String what, int claims, IntFunction<byte[]> write) {
    measure(over, what, i -> write.apply(i).length, wire -> wire + FIXED + (long) PER_CLAIM * claims);
  }

  /** As {@link #check}, for a call that writes into or reads from a buffer in place: {@code bound} has no array of the message's bytes in it. */
  private static void checkInPlace(List<String> over, String what, long bound, IntUnaryOperator call) {
    measure(over, what, call, wire -> bound);
  }

  private static void measure(List<String> over, String what, IntUnaryOperator call, LongUnaryOperator boundOf) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long wire = 0;
    for (int i = 0; i < 200_000; i++) {
      wire = call.applyAsInt(i);
    }
    int calls = 100_000;
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < calls; i++) {
      wire = call.applyAsInt(i);
    }
    double perCall = (threads.getCurrentThreadAllocatedBytes() - before) / (double) calls;
    long bound = boundOf.applyAsLong(wire);
    System.out.printf("%s: %d bytes on the wire, %.0f bytes allocated per call (bound %d)%n", what, wire, perCall, bound);
    if (perCall > bound) {
      over.add(what + ": " + Math.round(perCall) + " bytes per call, bound " + bound);
    }
  }
}

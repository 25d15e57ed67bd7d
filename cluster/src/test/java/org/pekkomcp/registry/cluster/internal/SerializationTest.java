/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.RegistryEvent.RemovalReason;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.ClusterNodes;
import org.pekkomcp.registry.cluster.EntryId;
import org.pekkomcp.registry.cluster.NameConflict;
import org.pekkomcp.registry.cluster.TestActors;

/**
 * The registry's serializer called directly, as Artery calls it, with the bytes of every message
 * and with damaged ones: every failure is a {@link NotSerializableException} (what Artery logs
 * and drops), raised before any allocation sized by the bytes, and never a message other than
 * the one written. One node, not joined: the serializer needs only its address and resolver.
 */
class SerializationTest {

  private static ActorTestKit kit;
  private static ClusterRegistrySerializer serializer;
  private static UniqueAddress self;
  private static UniqueAddress other;
  private static ActorRef<Object> ref;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("serializer-bytes", ClusterNodes.config(""));
    serializer = new ClusterRegistrySerializer((ExtendedActorSystem) Adapter.toClassic(kit.system()));
    self = Cluster.get(kit.system()).selfMember().uniqueAddress();
    other = new UniqueAddress(new Address("pekko", "serializer-bytes", "127.0.0.2", 25520), 77);
    ref = TestActors.spawn(kit.system(), "sample");
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static List<Object> samples() {
    EntryConfig config = EntryConfig.parse("{\"capabilities\":{\"tools\":{}},\"note\":\"ünïcode ✓\"}");
    Claim claim = new Claim(Kind.SERVER, "calc", ref, self, config, 1_700_000_000_000L, 42, 3);
    Claim elsewhere = new Claim(Kind.TRANSPORT, "stdio", ref, other, EntryConfig.empty(), 1L, 7, 0);
    Membership membership = new Membership("workers", ref, other, 9);
    ClusterProtocol.Batch batch = new ClusterProtocol.Batch(self, 12_345_678_901L, List.of(
        new ClusterProtocol.Propose(claim, 2),
        new ClusterProtocol.Retract(Kind.SERVER, "calc", claim.entryId()),
        new ClusterProtocol.Commit(elsewhere),
        new ClusterProtocol.Remove(Kind.TRANSPORT, "stdio", elsewhere.entryId(), RemovalReason.TERMINATED),
        new ClusterProtocol.Remove(Kind.SERVER, "calc", claim.entryId(), RemovalReason.UNREGISTERED),
        new ClusterProtocol.AddMember(membership),
        new ClusterProtocol.RemoveMember(membership.entryId()),
        new ClusterProtocol.Digest(3, -7_000_000_000L),
        new ClusterProtocol.SnapshotRequest(5),
        new ClusterProtocol.SnapshotStart(77, 5),
        new ClusterProtocol.SnapshotEnd(),
        new ClusterProtocol.Committed(claim.entryId())));
    ClusterProtocol.Votes votes = new ClusterProtocol.Votes(other, List.of(
        new ClusterProtocol.Vote(claim.entryId(), 1, true, Optional.empty(), false),
        new ClusterProtocol.Vote(claim.entryId(), 2, false, Optional.of(elsewhere), true)));
    NameConflict conflict = new NameConflict(Kind.SERVER, "calc", claim.registration());
    CrdtPage page = CrdtPage.of(0, 5, List.of(new CrdtEntry(42, 3, "S/calc", new byte[] {1, 2, 3}), new CrdtEntry(43, 0, "", new byte[0])));
    return List.of(claim, elsewhere, membership, batch, votes, conflict, page,
        new ClusterProtocol.Batch(other, 0, List.of()), new ClusterProtocol.Votes(self, List.of()));
  }

  @Test
  void everyMessageReadsBackEqualUnderItsOwnManifest() throws Exception {
    for (Object message : samples()) {
      Object back = serializer.fromBinary(serializer.toBinary(message), serializer.manifest(message));
      assertEquals(message, back);
      if (message instanceof ClusterProtocol.Batch batch) {
        assertEquals(batch.ops(), ((ClusterProtocol.Batch) back).ops(), "operations in order, reasons included");
      }
    }
    assertEquals(List.of("C1", "C1", "M1", "B1", "V1", "N1", "P1", "B1", "V1"),
        samples().stream().map(serializer::manifest).toList());
  }

  /**
   * Artery's path ({@code ByteBufferSerializer}): written into a buffer that already holds other
   * bytes and is little-endian (as Artery's envelope buffers are), the message's bytes are those
   * of {@code toBinary(Object)}; read from between other bytes, it reads back equal and leaves
   * the buffer at the message's end.
   */
  @Test
  void theBufferPathWritesTheSameBytesAndReadsInPlace() throws Exception {
    for (Object message : samples()) {
      byte[] expected = serializer.toBinary(message);
      ByteBuffer out = ByteBuffer.allocate(expected.length + 20).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      out.put(new byte[] {7, 7, 7});
      serializer.toBinary(message, out);
      assertEquals(3 + expected.length, out.position(), message.getClass().getSimpleName());
      assertArrayEquals(expected, Arrays.copyOfRange(out.array(), 3, 3 + expected.length), message.getClass().getSimpleName());

      ByteBuffer in = ByteBuffer.allocate(expected.length + 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      in.put(new byte[] {9, 9, 9, 9}).put(expected).put(new byte[] {9, 9, 9, 9});
      in.position(4).limit(4 + expected.length);
      assertEquals(message, serializer.fromBinary(in, serializer.manifest(message)), message.getClass().getSimpleName());
      assertEquals(4 + expected.length, in.position(), "read to the message's end");
    }
    ByteBuffer cut = ByteBuffer.wrap(serializer.toBinary(samples().get(3)));
    cut.limit(cut.limit() - 1);
    assertNotSerializable(() -> serializer.fromBinary(cut, "B1"), "a batch cut by a byte");
  }

  @Test
  void bytesWrittenUnderTheUnversionedManifestsOfThePreviousFormatReadBackEqual() throws Exception {
    for (Object message : samples()) {
      String previous = serializer.manifest(message).substring(0, 1);
      assertEquals(message, serializer.fromBinary(serializer.toBinary(message), previous), previous);
    }
  }

  /**
   * The bytes themselves, written out field by field as the format defines them: a node that
   * writes them differently cannot be read by a node of another build. Each message is written
   * twice, after a larger one, so nothing a writer keeps between messages shows up in the next.
   */
  @Test
  void everyMessageIsWrittenByteForByteInTheFormat() throws Exception {
    EntryConfig config = EntryConfig.parse("{\"capabilities\":{\"tools\":{}},\"note\":\"\u00fcn\u00efcode \u2713\"}");
    Claim mine = new Claim(Kind.SERVER, "calc", ref, self, config, 1_700_000_000_000L, 42, 3);
    Claim elsewhere = new Claim(Kind.TRANSPORT, "stdio", ref, other, EntryConfig.empty(), 1L, 7, 0);
    String whole = ActorRefResolver.get(kit.system()).toSerializationFormat(ref);
    String relative = whole.substring(self.address().toString().length());
    byte[] json = config.toBytes();
    Body mineBody = out -> {
      out.writeByte(Kind.SERVER.ordinal());
      out.writeUTF("calc");
      out.writeShort(0);
      out.writeByte(1);
      out.writeUTF(relative);
      out.writeInt(json.length);
      out.write(json);
      out.writeLong(1_700_000_000_000L);
      out.writeLong(42);
      out.writeInt(3);
    };
    IntFunction<Body> elsewhereBody = ownerIndex -> out -> {
      out.writeByte(Kind.TRANSPORT.ordinal());
      out.writeUTF("stdio");
      out.writeShort(ownerIndex);
      out.writeByte(0);
      out.writeUTF(whole);
      out.writeInt(0);
      out.writeLong(1L);
      out.writeLong(7);
      out.writeInt(0);
    };
    Membership membership = new Membership("workers", ref, other, 9);
    ClusterProtocol.Batch batch = new ClusterProtocol.Batch(self, 12_345_678_901L, List.of(
        new ClusterProtocol.Propose(mine, 2),
        new ClusterProtocol.Commit(elsewhere),
        new ClusterProtocol.Remove(Kind.TRANSPORT, "stdio", elsewhere.entryId(), RemovalReason.TERMINATED),
        new ClusterProtocol.AddMember(membership),
        new ClusterProtocol.Committed(mine.entryId())));
    byte[] batchBytes = frame(out -> {
      out.writeShort(0);
      out.writeLong(12_345_678_901L);
      out.writeInt(5);
      out.writeByte(1);
      mineBody.write(out);
      out.writeInt(2);
      out.writeByte(3);
      elsewhereBody.apply(1).write(out);
      out.writeByte(4);
      out.writeByte(Kind.TRANSPORT.ordinal());
      out.writeUTF("stdio");
      out.writeShort(1);
      out.writeLong(7);
      out.writeByte(RemovalReason.TERMINATED.ordinal());
      out.writeByte(5);
      out.writeUTF("workers");
      out.writeShort(1);
      out.writeByte(0);
      out.writeUTF(whole);
      out.writeLong(9);
      out.writeByte(11);
      out.writeShort(0);
      out.writeLong(42);
    }, self, other);
    ClusterProtocol.Votes votes = new ClusterProtocol.Votes(other, List.of(
        new ClusterProtocol.Vote(mine.entryId(), 2, false, Optional.of(elsewhere), true)));
    byte[] votesBytes = frame(out -> {
      out.writeShort(0);
      out.writeInt(1);
      out.writeShort(1);
      out.writeLong(42);
      out.writeInt(2);
      out.writeBoolean(false);
      out.writeBoolean(true);
      out.writeBoolean(true);
      elsewhereBody.apply(0).write(out);
    }, other, self);
    NameConflict conflict = new NameConflict(Kind.SERVER, "calc", mine.registration());
    byte[] conflictBytes = frame(out -> {
      out.writeByte(Kind.SERVER.ordinal());
      out.writeUTF("calc");
      out.writeByte(Kind.SERVER.ordinal());
      out.writeUTF("calc");
      out.writeUTF(whole);
      out.writeInt(json.length);
      out.write(json);
      out.writeUTF(self.address().toString());
    });
    List<Object> messages = List.of(mine, elsewhere, membership, batch, votes, conflict);
    List<byte[]> expected = List.of(frame(mineBody, self), frame(elsewhereBody.apply(0), other), frame(out -> {
      out.writeUTF("workers");
      out.writeShort(0);
      out.writeByte(0);
      out.writeUTF(whole);
      out.writeLong(9);
    }, other), batchBytes, votesBytes, conflictBytes);
    Object large = new ClusterProtocol.Batch(self, 1, Collections.nCopies(500, new ClusterProtocol.Propose(mine, 1)));
    for (int i = 0; i < messages.size(); i++) {
      Object message = messages.get(i);
      String what = message.getClass().getSimpleName() + " " + i;
      assertArrayEquals(expected.get(i), serializer.toBinary(message), what);
      serializer.toBinary(large);
      assertArrayEquals(expected.get(i), serializer.toBinary(message), what + " after a larger message");
    }
    byte[] payload = serializer.claimCodec().encode(mine);
    assertArrayEquals(bytes(out -> {
      out.writeByte(1);
      out.writeUTF(relative);
      out.writeInt(json.length);
      out.write(json);
      out.writeLong(1_700_000_000_000L);
    }), payload);
    serializer.claimCodec().encode(new Claim(Kind.SERVER, "x".repeat(300), ref, self, config, 1L, 1, 0));
    assertArrayEquals(payload, serializer.claimCodec().encode(mine), "a payload after a larger one");
    assertArrayEquals(bytes(out -> {
      out.writeUTF("workers");
      out.writeByte(0);
      out.writeUTF(whole);
    }), serializer.membershipCodec().encode(membership));
  }

  /** As Artery's threads and the registry's actors call it: at once, each message written whole and alone. */
  @Test
  void threadsWritingAtOnceEachGetTheirMessagesBytes() throws Exception {
    List<Object> messages = new ArrayList<>(samples());
    List<ClusterProtocol.Op> ops = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ops.add(new ClusterProtocol.Commit(new Claim(Kind.SERVER, "s-" + i, ref, i % 2 == 0 ? self : other, EntryConfig.empty(), i, i, 0)));
    }
    messages.add(new ClusterProtocol.Batch(other, 2, ops));
    List<byte[]> expected = messages.stream().map(serializer::toBinary).toList();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t;
        runs.add(threads.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            int index = (first + i * 7) % messages.size();
            Object message = messages.get(index);
            // a new batch instance each time, so none is handed the kept bytes of the last one
            Object fresh = message instanceof ClusterProtocol.Batch b ? new ClusterProtocol.Batch(b.from(), b.seq(), b.ops()) : message;
            assertArrayEquals(expected.get(index), serializer.toBinary(fresh), "message " + index);
          }
          return null;
        }));
      }
      for (Future<?> run : runs) {
        run.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aManifestOfANewerFormatIsRefusedSayingSo() throws Exception {
    byte[] claim = serializer.toBinary(samples().get(0));
    NotSerializableException newer = assertThrows(NotSerializableException.class,
        () -> serializer.fromBinary(claim, "C" + (ClusterRegistrySerializer.FORMAT_VERSION + 1)));
    assertTrue(newer.getMessage().contains("newer than this node's " + ClusterRegistrySerializer.FORMAT_VERSION),
        newer.getMessage());
    for (String bad : List.of("C0", "Cx", "C-1", "")) {
      assertNotSerializable(() -> serializer.fromBinary(claim, bad), "manifest \"" + bad + "\"");
    }
  }

  @Test
  void everyMessageIsBoundToTheRegistrySerializerAndRoundTripsThroughPekkoSerialization() throws Exception {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(kit.system()));
    assertSame(serializer.getClass(), ClusterRegistrySerializer.of(Adapter.toClassic(kit.system())).getClass());
    for (Object message : samples()) {
      var bound = serialization.findSerializerFor(message);
      assertInstanceOf(ClusterRegistrySerializer.class, bound, message.getClass().getName());
      byte[] bytes = serialization.serialize(message).get();
      assertEquals(message, serialization.deserialize(bytes, bound.identifier(), Serializers.manifestFor(bound, message)).get());
    }
  }

  @Test
  void crdtEntriesHoldOnlyWhatTheirEntryAndShardDoNotSayAndReadBackWhole() throws Exception {
        EntryConfig config = EntryConfig.parse("{\"capabilities\":{\"tools\":{}}}");
    // The owner's own actor (written relative to its address) and a ref elsewhere (written whole).
    for (Claim claim : List.of(new Claim(Kind.SERVER, "calc", ref, self, config, 1_700_000_000_000L, 42, 3),
        new Claim(Kind.TRANSPORT, "stdio", ref, other, EntryConfig.empty(), 1L, 7, 0))) {
      CrdtShards.Codec<Claim> codec = serializer.claimCodec();
      byte[] payload = codec.encode(claim);
      CrdtEntry entry = new CrdtEntry(claim.id(), claim.version(), codec.key(claim), payload);
      assertEquals(claim, codec.decode(claim.owner(), entry));
      assertThrows(NotSerializableException.class,
          () -> codec.decode(claim.owner(), new CrdtEntry(claim.id(), claim.version(), codec.key(claim), Arrays.copyOf(payload, payload.length - 1))));
      assertThrows(NotSerializableException.class, () -> codec.decode(claim.owner(), new CrdtEntry(claim.id(), claim.version(), "X/calc", payload)));
    }
    byte[] relative = serializer.claimCodec().encode(new Claim(Kind.SERVER, "calc", ref, self, config, 1L, 42, 0));
    byte[] whole = serializer.claimCodec().encode(new Claim(Kind.SERVER, "calc", ref, other, config, 1L, 42, 0));
    assertTrue(relative.length + self.address().toString().length() <= whole.length,
        relative.length + " bytes relative to the owner, " + whole.length + " whole");
    Membership membership = new Membership("workers", ref, self, 9);
    CrdtShards.Codec<Membership> codec = serializer.membershipCodec();
    assertEquals(membership, codec.decode(self, new CrdtEntry(9, 0, "", codec.encode(membership))));
  }

  @Test
  void aBatchLargerThan64KiBKeepsItsNodeTableOffset() throws Exception {
    List<ClusterProtocol.Op> ops = new java.util.ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      ops.add(new ClusterProtocol.Commit(new Claim(Kind.SERVER, "server-" + i, ref, self, EntryConfig.empty(), i, i, 0)));
    }
    ClusterProtocol.Batch batch = new ClusterProtocol.Batch(self, 1, ops);
    byte[] bytes = serializer.toBinary(batch);
    assertTrue(bytes.length > 1 << 16, bytes.length + " bytes");
    assertEquals(batch.ops(), ((ClusterProtocol.Batch) serializer.fromBinary(bytes, "B")).ops());
  }

  @Test
  void aBatchIsWrittenOncePerInstanceAndAnEqualNewOneAfresh() {
    ClusterProtocol.Batch batch = new ClusterProtocol.Batch(self, 1, List.of(new ClusterProtocol.SnapshotRequest(1)));
    byte[] first = serializer.toBinary(batch);
    assertSame(first, serializer.toBinary(batch));
    ClusterProtocol.Batch equal = new ClusterProtocol.Batch(self, 1, List.of(new ClusterProtocol.SnapshotRequest(1)));
    byte[] again = serializer.toBinary(equal);
    assertNotSame(first, again);
    assertTrue(Arrays.equals(first, again));
    Claim claim = new Claim(Kind.SERVER, "x", ref, self, EntryConfig.empty(), 1, 1, 0);
    assertNotSame(serializer.toBinary(claim), serializer.toBinary(claim), "only batches are kept");
  }

  @Test
  void somethingElseIsNotTheRegistrysToSerialize() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> serializer.manifest("text"));
    assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> serializer.toBinary("text"));
    assertEquals(ClusterRegistrySerializer.IDENTIFIER, serializer.identifier());
  }

  @Test
  void everyTruncationEveryExtraByteAndAnUnknownManifestAreNotSerializable() throws Exception {
    for (Object message : samples()) {
      byte[] bytes = serializer.toBinary(message);
      String manifest = serializer.manifest(message);
      for (int length = 0; length < bytes.length; length++) {
        byte[] cut = Arrays.copyOf(bytes, length);
        assertNotSerializable(() -> serializer.fromBinary(cut, manifest), manifest + " cut at " + length);
      }
      byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
      assertNotSerializable(() -> serializer.fromBinary(longer, manifest), manifest + " with a byte more");
    }
    NotSerializableException e = assertThrows(NotSerializableException.class,
        () -> serializer.fromBinary(serializer.toBinary(samples().get(0)), "Z"));
    assertTrue(e.getMessage().startsWith("unknown manifest \"Z\""), e.getMessage());
  }

  @Test
  void everyFlippedBitIsNotSerializableOrReadsAsAMessageOfTheSameType() throws Exception {
    for (Object message : samples()) {
      byte[] bytes = serializer.toBinary(message);
      String manifest = serializer.manifest(message);
      for (int i = 0; i < bytes.length; i++) {
        for (int bit = 0; bit < 8; bit += 3) {
          byte[] damaged = bytes.clone();
          damaged[i] ^= (byte) (1 << bit);
          try {
            assertInstanceOf(message.getClass(), serializer.fromBinary(damaged, manifest), manifest + " byte " + i + " bit " + bit);
          } catch (NotSerializableException expected) {
            // what Artery logs and drops
          } catch (Throwable t) {
            fail(manifest + " byte " + i + " bit " + bit + " failed with " + t, t);
          }
        }
      }
    }
  }

  @Test
  void bytesThatAreNotARegistryMessageAreNotSerializable() {
    NotSerializableException e = assertThrows(NotSerializableException.class,
        () -> serializer.fromBinary("\u0000\u0001 not a batch".getBytes(StandardCharsets.UTF_8), "B"));
    assertTrue(e.getMessage().contains("manifest \"B\"") && e.getMessage().contains("bad node table offset"), e.getMessage());
    assertNotSerializable(() -> serializer.fromBinary(new byte[] {0, 0, 0, 4, 0}, "B"), "five bytes");
    assertNotSerializable(() -> serializer.fromBinary(new byte[] {0, 0, 0, 3, 0, 0}, "B"), "a table inside the offset");
    assertNotSerializable(() -> serializer.fromBinary(new byte[] {(byte) 0x80, 0, 0, 0, 0, 0}, "B"), "a negative offset");
  }

  @Test
  void theSmallestMessageIsSixBytes() throws Exception {
    // [offset 4][no body][no nodes] is no message, but its frame is whole: it fails in the body
    NotSerializableException e = assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[] {0, 0, 0, 4, 0, 0}, "V"));
    assertTrue(e.getMessage().contains("EOFException"), e.getMessage());
    assertEquals(new ClusterProtocol.Votes(self, List.of()), serializer.fromBinary(frame(out -> {
      out.writeShort(0);
      out.writeInt(0);
    }, self), "V"));
  }

  @Test
  void countsAndLengthsLargerThanTheBytesFailBeforeAnythingIsAllocated() {
    for (int count : new int[] {Integer.MAX_VALUE, -1, 1}) {
      NotSerializableException e = assertThrows(NotSerializableException.class, () -> serializer.fromBinary(frame(out -> {
        out.writeShort(0);
        out.writeLong(1);
        out.writeInt(count);
      }, self), "B"));
      assertTrue(e.getMessage().contains("bad element count " + count), e.getMessage());
    }
    for (int length : new int[] {Integer.MAX_VALUE, -1, 1}) {
      NotSerializableException e = assertThrows(NotSerializableException.class, () -> serializer.fromBinary(frame(out -> {
        claimHead(out, 0, 0);
        out.writeInt(length);
      }, self), "C"));
      assertTrue(e.getMessage().contains("bad config length " + length), e.getMessage());
    }
  }

  @Test
  void aCountThatTheBytesHoldExactlyIsRead() throws Exception {
    // one SnapshotEnd: the count equals the one byte left
    Object batch = serializer.fromBinary(frame(out -> {
      batchHead(out, 1);
      out.writeByte(10);
    }, self), "B");
    assertEquals(new ClusterProtocol.Batch(self, 1, List.of(new ClusterProtocol.SnapshotEnd())), batch);
    // a config whose length is exactly what is left after it but for the three numbers
    byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(frame(out -> {
      claimHead(out, 0, 0);
      out.writeInt(json.length + 21);
      out.write(json);
      out.writeLong(1);
      out.writeLong(1);
      out.writeInt(0);
    }, self), "C"));
  }

  @Test
  void unknownKindsReasonsOperationsNodesAndRefFormsAreNotSerializable() {
    assertFailsWith("unknown kind " + Kind.values().length, frame(out -> claimHead(out, Kind.values().length, 0), self), "C");
    assertFailsWith("node index 1 out of 1", frame(out -> claimHead(out, 0, 1), self), "C");
    assertFailsWith("bad ref form", frame(out -> {
      out.writeByte(0);
      out.writeUTF("calc");
      out.writeShort(0);
      out.writeByte(2);
    }, self), "C");
    assertFailsWith("unknown batch operation 12", frame(out -> {
      batchHead(out, 1);
      out.writeByte(12);
    }, self), "B");
    assertFailsWith("unknown batch operation 0", frame(out -> {
      batchHead(out, 1);
      out.writeByte(0);
    }, self), "B");
    assertFailsWith("unknown removal reason " + RemovalReason.values().length, frame(out -> {
      batchHead(out, 1);
      out.writeByte(4);
      out.writeByte(0);
      out.writeUTF("calc");
      out.writeShort(0);
      out.writeLong(1);
      out.writeByte(RemovalReason.values().length);
    }, self), "B");
    assertFailsWith("trailing bytes after the node table", withExtraTableByte(), "V");
  }

  @Test
  void everyRemovalReasonAndKindTravels() throws Exception {
    for (RemovalReason reason : RemovalReason.values()) {
      for (Kind kind : Kind.values()) {
        ClusterProtocol.Batch batch = new ClusterProtocol.Batch(self, 1, List.of(
            new ClusterProtocol.Remove(kind, "n", new EntryId(other, 3), reason)));
        assertEquals(batch.ops(), ((ClusterProtocol.Batch) serializer.fromBinary(serializer.toBinary(batch), "B")).ops());
      }
    }
  }

  @Test
  void aCrdtPageFrameMustMatchItsLength() throws Exception {
    CrdtPage page = CrdtPage.of(7, 2, List.of(new CrdtEntry(1, 0, "S/a", new byte[] {1})));
    byte[] bytes = serializer.toBinary(page);
    assertEquals(16 + page.bytes().length, bytes.length);
    assertEquals(page, serializer.fromBinary(bytes, "P"));
    for (int declared : new int[] {page.bytes().length - 1, page.bytes().length + 1, -1}) {
      byte[] wrong = bytes.clone();
      ByteBuffer.wrap(wrong).putInt(12, declared);
      NotSerializableException e = assertThrows(NotSerializableException.class, () -> serializer.fromBinary(wrong, "P"));
      assertEquals("a registry CRDT page of " + declared + " bytes in " + bytes.length, e.getMessage());
    }
    NotSerializableException e = assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[15], "P"));
    assertEquals("a registry CRDT page of 15 bytes", e.getMessage());
    byte[] emptyFrame = new byte[16];
    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(emptyFrame, "P"), "no deflated bytes at all");
  }

  @Test
  void crdtPayloadsWithBadLengthsOrFormsAreNotSerializable() {
    CrdtShards.Codec<Claim> claims = serializer.claimCodec();
    Claim claim = new Claim(Kind.SERVER, "calc", ref, self, EntryConfig.parse("{\"a\":1}"), 5, 42, 1);
    byte[] payload = claims.encode(claim);
    for (int i = 0; i < payload.length; i++) {
      byte[] damaged = payload.clone();
      damaged[i] = (byte) 0xff;
      try {
        assertInstanceOf(Claim.class, claims.decode(self, new CrdtEntry(42, 1, "S/calc", damaged)));
      } catch (NotSerializableException expected) {
        // bad form, bad length, bad path
      } catch (RuntimeException e) {
        fail("byte " + i + " failed with " + e, e);
      }
    }
    byte[] longer = Arrays.copyOf(payload, payload.length + 1);
    NotSerializableException e = assertThrows(NotSerializableException.class, () -> claims.decode(self, new CrdtEntry(42, 1, "S/calc", longer)));
    assertTrue(e.getMessage().contains("1 trailing bytes"), e.getMessage());
    CrdtShards.Codec<Membership> members = serializer.membershipCodec();
    Membership membership = new Membership("g", ref, self, 4);
    assertEquals(0, members.version(membership));
    assertEquals("", members.key(membership));
    assertEquals(4, members.id(membership));
    assertEquals(self, members.owner(membership));
    assertEquals(NameKey.of(claim).crdtKey(), claims.key(claim));
    assertEquals(1, claims.version(claim));
    assertEquals(42, claims.id(claim));
    assertEquals(self, claims.owner(claim));
    byte[] cut = members.encode(membership);
    assertThrows(NotSerializableException.class, () -> members.decode(self, new CrdtEntry(4, 0, "", Arrays.copyOf(cut, cut.length - 1))));
  }

  private static void assertFailsWith(String reason, byte[] bytes, String manifest) {
    NotSerializableException e = assertThrows(NotSerializableException.class, () -> serializer.fromBinary(bytes, manifest));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  private static void assertNotSerializable(Executable call, String what) {
    try {
      call.run();
      fail(what + " was read");
    } catch (NotSerializableException expected) {
      // what Artery logs and drops
    } catch (Throwable t) {
      fail(what + " failed with " + t, t);
    }
  }

  private interface Executable {
    void run() throws Exception;
  }

  private interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  /** A batch from node 0 with sequence number 1 and {@code count} operations. */
  private static void batchHead(DataOutputStream out, int count) throws IOException {
    out.writeShort(0);
    out.writeLong(1);
    out.writeInt(count);
  }

  /** A claim's kind, name, owner index, and its ref in the full form (form 0). */
  private static void claimHead(DataOutputStream out, int kind, int nodeIndex) throws IOException {
    out.writeByte(kind);
    out.writeUTF("calc");
    out.writeShort(nodeIndex);
    out.writeByte(0);
    out.writeUTF(ActorRefResolver.get(kit.system()).toSerializationFormat(ref));
  }

  private static byte[] bytes(Body body) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      body.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code [int tableOffset][body][node table]}, the serializer's frame. */
  private static byte[] frame(Body body, UniqueAddress... nodes) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(0);
      body.write(out);
      int offset = out.size();
      out.writeShort(nodes.length);
      for (UniqueAddress node : nodes) {
        out.writeUTF(node.address().toString());
        out.writeLong(node.longUid());
      }
      out.flush();
      byte[] result = bytes.toByteArray();
      ByteBuffer.wrap(result).putInt(0, offset);
      return result;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] withExtraTableByte() {
    byte[] bytes = frame(out -> {
      out.writeShort(0);
      out.writeInt(0);
    }, self);
    return Arrays.copyOf(bytes, bytes.length + 1);
  }
}

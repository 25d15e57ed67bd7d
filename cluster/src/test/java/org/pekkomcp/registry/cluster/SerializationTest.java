package org.pekkomcp.registry.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkomcp.registry.cluster.TestActors.await;
import static org.pekkomcp.registry.cluster.TestActors.id;

import java.io.NotSerializableException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
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
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.RegistryEvent.RemovalReason;

/** Every wire message has the compact serializer, survives a round trip, and bad bytes never crash anything. */
class SerializationTest {

  private static ClusterNodes nodes;

  @BeforeAll
  static void start() {
    nodes = ClusterNodes.start("serialization", 2, """
        pekko.actor.serializers.poison = "org.pekkomcp.registry.cluster.PoisonSerializer"
        pekko.actor.serialization-bindings {
          "org.pekkomcp.registry.cluster.PoisonSerializer$Poison" = poison
        }
        """);
  }

  @AfterAll
  static void stop() {
    if (nodes != null) {
      nodes.close();
    }
  }

  @Test
  void everyWireMessageRoundTripsThroughTheRegistrySerializer() throws Exception {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(nodes.system(0)));
    for (Object message : samples()) {
      var serializer = serialization.findSerializerFor(message);
      assertInstanceOf(ClusterRegistrySerializer.class, serializer, message.getClass().getName());
      byte[] bytes = serialization.serialize(message).get();
      Object back = serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
      assertEquals(message, back);
    }
  }

  @Test
  void truncatedOrRandomBytesAreNotSerializableNeverAnotherFailure() throws Exception {
    ClusterRegistrySerializer serializer = new ClusterRegistrySerializer(
        (org.apache.pekko.actor.ExtendedActorSystem) Adapter.toClassic(nodes.system(0)));
    Random random = new Random(42);
    for (Object message : samples()) {
      byte[] bytes = serializer.toBinary(message);
      String manifest = serializer.manifest(message);
      for (int length = 0; length < bytes.length; length += Math.max(1, bytes.length / 40)) {
        byte[] truncated = Arrays.copyOf(bytes, length);
        assertThrows(NotSerializableException.class, () -> serializer.fromBinary(truncated, manifest), manifest + " cut at " + length);
      }
      byte[] garbage = new byte[64];
      random.nextBytes(garbage);
      assertThrows(NotSerializableException.class, () -> serializer.fromBinary(garbage, manifest));
    }
    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[0], "no-such-manifest"));
    // A CRDT page whose frame is right but whose entries are not: rejected at the wire, never
    // handed to the replicator or the registry, which read pages without guarding.
    byte[] badEntries = new byte[16 + 8];
    java.nio.ByteBuffer.wrap(badEntries).putLong(1).putInt(1).putInt(8).putInt(1_000_000);
    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(badEntries, serializer.manifest(CrdtPage.of(0, 0, List.of()))));
    // A page damaged in transit fails its checksum rather than reading as other entries (a flip
    // in the deflate stream's unused padding bits may read back the same page).
    CrdtPage page = CrdtPage.of(0, 5, List.of(new CrdtEntry(42, 3, "S/calc", new byte[] {1, 2, 3})));
    int rejected = 0;
    for (int i = 16; i < 16 + page.bytes().length; i++) {
      byte[] damaged = serializer.toBinary(page);
      damaged[i] ^= 0x10;
      try {
        CrdtPage read = (CrdtPage) serializer.fromBinary(damaged, serializer.manifest(page));
        assertEquals(render(page), render(read), "byte " + i + " read as other entries");
      } catch (NotSerializableException e) {
        rejected++;
      }
    }
    assertTrue(rejected >= page.bytes().length - 2, rejected + " of " + page.bytes().length + " damaged bytes rejected");
    CrdtPage empties = CrdtPage.of(3, 1, List.of(new CrdtEntry(1, 0, "", new byte[0]), new CrdtEntry(2, 0, "", new byte[0])));
    assertEquals(2, ((CrdtPage) serializer.fromBinary(serializer.toBinary(empties), serializer.manifest(empties))).entries().size());
  }

  @Test
  void crdtEntriesHoldOnlyWhatTheirEntryAndShardDoNotSayAndReadBackWhole() throws Exception {
    ClusterRegistrySerializer serializer = ClusterRegistrySerializer.of(Adapter.toClassic(nodes.system(0)));
    UniqueAddress self = Cluster.get(nodes.system(0)).selfMember().uniqueAddress();
    UniqueAddress other = Cluster.get(nodes.system(1)).selfMember().uniqueAddress();
    ActorRef<Object> ref = TestActors.spawn(nodes.system(0), "crdt-sample-" + System.nanoTime());
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
  void aMessageThatFailsToDeserializeNeverCrashesTheRegistryActor() {
    ActorRef<Object> remoteRegistry = ActorRefResolver.get(nodes.system(0))
        .resolveActorRef(nodes.system(1).address() + "/system/" + ClusterRegistry.ACTOR_NAME);
    int before = PoisonSerializer.READ_ATTEMPTS.get();
    for (int i = 0; i < 5; i++) {
      remoteRegistry.tell(new PoisonSerializer.Poison());
    }
    TestProbe<Object> probe = TestProbe.create(nodes.system(0));
    probe.awaitAssert(Duration.ofSeconds(20), Duration.ofMillis(50), () -> {
      assertTrue(PoisonSerializer.READ_ATTEMPTS.get() >= before + 5, "node 2 tried to read the poison");
      return null;
    });

    ActorRef<Object> server = TestActors.spawn(nodes.system(1), "after-poison");
    assertInstanceOf(Outcome.Registered.class, await(nodes.backend(1).register(Kind.SERVER, "after-poison", server)));
    probe.awaitAssert(Duration.ofSeconds(20), Duration.ofMillis(50), () -> {
      assertEquals(id(server), id(nodes.backend(0).whereis(Kind.SERVER, "after-poison").orElseThrow().ref()));
      return null;
    });
  }

  @Test
  void javaSerializationIsOff() throws Exception {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(nodes.system(0)));
    assertTrue(serialization.serialize(new java.util.ArrayList<>(List.of("x"))).isFailure(),
        "the tests run with pekko.actor.allow-java-serialization = off");
    assertSame(ClusterRegistrySerializer.class, serialization.serializerFor(Claim.class).getClass());
  }

  /** Every field of every entry, payload bytes included (entries compare by id and version only). */
  private static List<String> render(CrdtPage page) {
    return page.entries().stream().map(e -> e.id() + "/" + e.version() + "/" + e.key() + "/" + Arrays.toString(e.payload())).toList();
  }

  private static List<Object> samples() {
    UniqueAddress self = Cluster.get(nodes.system(0)).selfMember().uniqueAddress();
    UniqueAddress other = Cluster.get(nodes.system(1)).selfMember().uniqueAddress();
    ActorRef<Object> ref = TestActors.spawn(nodes.system(0), "sample-" + System.nanoTime());
    EntryConfig config = EntryConfig.parse("{\"capabilities\":{\"tools\":{}},\"note\":\"ünïcode ✓\"}");
    Claim claim = new Claim(Kind.SERVER, "calc", ref, self, config, 1_700_000_000_000L, 42, 3);
    Claim empty = new Claim(Kind.TRANSPORT, "stdio", ref, other, EntryConfig.empty(), 1L, 7, 0);
    Membership membership = new Membership("workers", ref, other, 9);
    ClusterRegistry.Batch batch = new ClusterRegistry.Batch(self, 12_345_678_901L, List.of(
        new ClusterRegistry.Propose(claim, 2),
        new ClusterRegistry.Retract(Kind.SERVER, "calc", claim.entryId()),
        new ClusterRegistry.Commit(empty),
        new ClusterRegistry.Remove(Kind.TRANSPORT, "stdio", empty.entryId(), RemovalReason.TERMINATED),
        new ClusterRegistry.AddMember(membership),
        new ClusterRegistry.RemoveMember(membership.entryId()),
        new ClusterRegistry.Digest(3, -7_000_000_000L),
        new ClusterRegistry.SnapshotRequest(5),
        new ClusterRegistry.SnapshotStart(77, 5),
        new ClusterRegistry.SnapshotEnd(),
        new ClusterRegistry.Committed(claim.entryId())));
    ClusterRegistry.Votes votes = new ClusterRegistry.Votes(other, List.of(
        new ClusterRegistry.Vote(claim.entryId(), 1, true, Optional.empty(), false),
        new ClusterRegistry.Vote(claim.entryId(), 2, false, Optional.of(empty), true)));
    NameConflict conflict = new NameConflict(Kind.SERVER, "calc", claim.registration());
    CrdtPage page = CrdtPage.of(0, 5, List.of(new CrdtEntry(42, 3, "S/calc", new byte[] {1, 2, 3}), new CrdtEntry(43, 0, "", new byte[0])));
    return List.of(claim, empty, membership, batch, votes, conflict, page);
  }
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * Why this file is over 400 lines: it is the registry's whole wire format, each message written
 * and read next to each other, with the manifests and their version, so that no field can be
 * written one way and read another; split by message, the shared framing and version rules would
 * be repeated or spread.
 */
package org.pekkomcp.registry.cluster.internal;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.RegistryEvent.RemovalReason;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.EntryId;
import org.pekkomcp.registry.cluster.NameConflict;
import org.pekkomcp.registry.cluster.WireMessage;
import org.pekkomcp.registry.spi.WireManifests;

/**
 * The compact binary form of everything the cluster backend sends or stores in Distributed Data
 * ({@link WireMessage}): no Java serialization, no reflection.
 *
 * <p>Each message carries a table of the node addresses it mentions; claims refer to their owner
 * by index, so a batch of a thousand claims from one node names the node once. Actor
 * refs travel in {@link ActorRefResolver}'s string form, without their owner's address when they
 * live there (almost always: a node registers its own actors), configs as their compact JSON. Bytes that
 * cannot be read raise {@link NotSerializableException}, which Artery logs and drops: a corrupt
 * message never reaches (or crashes) the registry actor.
 *
 * <p>Manifests carry the version of their format ({@link WireManifests}).
 *
 * <p>A {@link ByteBufferSerializer}: Artery hands it its envelope buffer, so a message it reads is
 * read from that buffer, and one it writes goes from the thread's writer into it, without an
 * array per message in between. The bytes are the same as {@link #toBinary(Object)}'s.
 *
 * <p>Why one file of this length: it is the whole wire format, every manifest's writer beside its
 * reader, so a change to one side is made and reviewed next to the other and against the bytes
 * {@code SerializationTest} pins; the parts that carry no format live apart ({@link ReusableOutput},
 * {@link ByteBufferInput}, {@link SharedPathResolver}).
 *
 * <p>Internal API: public because Pekko instantiates it from the {@code serializers} entry in reference.conf.
 */
public final class ClusterRegistrySerializer extends SerializerWithStringManifest implements ByteBufferSerializer {

  /** Registered in reference.conf; unique among the system's serializers. */
  public static final int IDENTIFIER = 7310;

  private static final String CLAIM = "C";
  private static final String MEMBERSHIP = "M";
  private static final String BATCH = "B";
  private static final String VOTES = "V";
  private static final String NAME_CONFLICT = "N";
  private static final String CRDT_PAGE = "P";
  /** The version of the format this node writes, and the newest it reads. */
  static final int FORMAT_VERSION = 1;

  private static final byte PROPOSE = 1;
  private static final byte RETRACT = 2;
  private static final byte COMMIT = 3;
  private static final byte REMOVE = 4;
  private static final byte ADD_MEMBER = 5;
  private static final byte REMOVE_MEMBER = 6;
  private static final byte DIGEST = 7;
  private static final byte SNAPSHOT_REQUEST = 8;
  private static final byte SNAPSHOT_START = 9;
  private static final byte SNAPSHOT_END = 10;
  private static final byte COMMITTED = 11;

  private static final Kind[] KINDS = Kind.values();
  private static final RemovalReason[] REASONS = RemovalReason.values();

  /** The last batch written and its bytes. */
  private record Written(ClusterProtocol.Batch batch, byte[] bytes) {}

  /** What a message's writer keeps between messages: arrays that a large batch grew beyond are let go. */
  private static final int MESSAGE_BUFFER = 4 * 1024;
  private static final int MESSAGE_BUFFER_KEPT = 256 * 1024;
  /** A CRDT payload is ~70 bytes plus the config. */
  private static final int PAYLOAD_BUFFER = 256;
  private static final int PAYLOAD_BUFFER_KEPT = 16 * 1024;

  private final ExtendedActorSystem system;
  private final AtomicReference<Written> lastBatch = new AtomicReference<>();
  /**
   * Artery's threads and the registry's actors call the serializer at once: each thread writes its
   * messages with its own writer and its payloads into its own buffer, reused from one to the next.
   */
  private final ThreadLocal<Writer> writers = ThreadLocal.withInitial(Writer::new);
  private final ThreadLocal<ReusableOutput> payloads =
      ThreadLocal.withInitial(() -> new ReusableOutput(PAYLOAD_BUFFER, PAYLOAD_BUFFER_KEPT));
  private final ConfigInterner configs = new ConfigInterner();
  private final SharedPathResolver refs;

  public ClusterRegistrySerializer(ExtendedActorSystem system) {
    this.system = system;
    this.refs = new SharedPathResolver(system);
  }

  /** The instance that serializes registry messages in {@code system}. */
  static ClusterRegistrySerializer of(org.apache.pekko.actor.ActorSystem system) {
    try {
      return (ClusterRegistrySerializer) org.apache.pekko.serialization.SerializationExtension.get(system).serializerFor(Claim.class);
    } catch (NotSerializableException | ClassCastException e) {
      throw new IllegalStateException("the registry's messages must be bound to " + ClusterRegistrySerializer.class.getName()
          + " (its reference.conf does that)", e);
    }
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    return WireManifests.of(type(o), FORMAT_VERSION);
  }

  private static String type(Object o) {
    if (o instanceof Claim) {
      return CLAIM;
    } else if (o instanceof Membership) {
      return MEMBERSHIP;
    } else if (o instanceof ClusterProtocol.Batch) {
      return BATCH;
    } else if (o instanceof ClusterProtocol.Votes) {
      return VOTES;
    } else if (o instanceof NameConflict) {
      return NAME_CONFLICT;
    } else if (o instanceof CrdtPage) {
      return CRDT_PAGE;
    }
    throw new IllegalArgumentException("cannot serialize " + o.getClass().getName());
  }

  /**
   * A registry actor tells the same {@link ClusterProtocol.Batch} instance to every peer, and
   * Artery serializes once per destination: the bytes of the last batch are kept and handed out
   * again for the same instance (compared by identity, so an equal but new batch is written
   * afresh). Artery copies the bytes into its own buffer, so sharing the array is safe.
   */
  @Override
  public byte[] toBinary(Object o) {
    if (o instanceof ClusterProtocol.Batch batch) {
      Written last = lastBatch.get();
      if (last != null && last.batch() == batch) {
        return last.bytes();
      }
      byte[] bytes = write(o);
      lastBatch.set(new Written(batch, bytes));
      return bytes;
    }
    return write(o);
  }

  /**
   * Into Artery's buffer: a batch as {@link #toBinary(Object)} (its bytes are kept for the next
   * peer), any other message straight from the thread's writer.
   */
  @Override
  public void toBinary(Object o, ByteBuffer buf) {
    if (o instanceof ClusterProtocol.Batch || o instanceof CrdtPage) {
      buf.put(toBinary(o));
    } else {
      writeMessage(o).finishInto(buf);
    }
  }

  private byte[] write(Object o) {
    if (o instanceof CrdtPage page) {
      return writeCrdtPage(page);
    }
    return writeMessage(o).finish();
  }

  /** {@code o} written into the thread's writer, to be taken out with {@link Writer#finish} or {@link Writer#finishInto}. */
  private Writer writeMessage(Object o) {
    try {
      Writer w = writers.get();
      w.start(o instanceof ClusterProtocol.Batch batch ? 64 + 160 * batch.ops().size() : 256);
      if (o instanceof Claim c) {
        w.claim(c);
      } else if (o instanceof Membership m) {
        w.membership(m);
      } else if (o instanceof ClusterProtocol.Batch b) {
        w.node(b.from());
        w.out.writeLong(b.seq());
        w.out.writeInt(b.ops().size());
        for (ClusterProtocol.Op op : b.ops()) {
          w.op(op);
        }
      } else if (o instanceof ClusterProtocol.Votes v) {
        w.node(v.from());
        w.out.writeInt(v.votes().size());
        for (ClusterProtocol.Vote vote : v.votes()) {
          w.entryId(vote.claim());
          w.out.writeInt(vote.round());
          w.out.writeBoolean(vote.ack());
          w.out.writeBoolean(vote.holderCommitted());
          w.out.writeBoolean(vote.holder().isPresent());
          if (vote.holder().isPresent()) {
            w.claim(vote.holder().get());
          }
        }
      } else if (o instanceof NameConflict n) {
        w.out.writeByte(n.kind().ordinal());
        w.out.writeUTF(n.name());
        Registration r = n.winner();
        w.out.writeByte(r.kind().ordinal());
        w.out.writeUTF(r.name());
        w.ref(r.ref());
        w.config(r.config());
        w.out.writeUTF(r.node().toString());
      } else {
        throw new IllegalArgumentException("cannot serialize " + o.getClass().getName());
      }
      w.writeNodeTable();
      return w;
    } catch (IOException e) {
      throw new IllegalStateException("in-memory write failed", e);
    }
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    return fromBinary(ByteBuffer.wrap(bytes), manifest);
  }

  /** Reads the message from {@code buf}'s position to its limit; keeps no reference to the buffer. */
  @Override
  public Object fromBinary(ByteBuffer buf, String manifest) throws NotSerializableException {
    String type = WireManifests.readableType(manifest, FORMAT_VERSION, getClass().getName());
    if (CRDT_PAGE.equals(type)) {
      byte[] bytes = new byte[buf.remaining()];
      buf.get(bytes);
      return readCrdtPage(bytes);
    }
    int length = buf.remaining();
    try {
      Reader r = new Reader(buf);
      Object result = switch (type) {
        case CLAIM -> r.claim();
        case MEMBERSHIP -> r.membership();
        case BATCH -> readBatch(r);
        case VOTES -> readVotes(r);
        case NAME_CONFLICT -> readNameConflict(r);
        default -> throw new NotSerializableException("unknown manifest \"" + manifest + "\" for " + getClass().getName());
      };
      if (r.in.available() != 0) {
        throw new NotSerializableException(r.in.available() + " trailing bytes after a " + manifest + " message");
      }
      return result;
    } catch (NotSerializableException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      NotSerializableException failure = new NotSerializableException(
          "cannot read a registry message (manifest \"" + manifest + "\", " + length + " bytes): " + e);
      failure.initCause(e);
      throw failure;
    }
  }

  private ClusterProtocol.Batch readBatch(Reader r) throws IOException {
    UniqueAddress from = r.node();
    long seq = r.in.readLong();
    int count = r.count();
    List<ClusterProtocol.Op> ops = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte tag = r.in.readByte();
      ops.add(switch (tag) {
        case PROPOSE -> new ClusterProtocol.Propose(r.claim(), r.in.readInt());
        case RETRACT -> new ClusterProtocol.Retract(r.kind(), r.in.readUTF(), r.entryId());
        case COMMIT -> new ClusterProtocol.Commit(r.claim());
        case REMOVE -> new ClusterProtocol.Remove(r.kind(), r.in.readUTF(), r.entryId(), r.reason());
        case ADD_MEMBER -> new ClusterProtocol.AddMember(r.membership());
        case REMOVE_MEMBER -> new ClusterProtocol.RemoveMember(r.entryId());
        case DIGEST -> new ClusterProtocol.Digest(r.in.readInt(), r.in.readLong());
        case SNAPSHOT_REQUEST -> new ClusterProtocol.SnapshotRequest(r.in.readLong());
        case SNAPSHOT_START -> new ClusterProtocol.SnapshotStart(r.in.readLong(), r.in.readLong());
        case SNAPSHOT_END -> new ClusterProtocol.SnapshotEnd();
        case COMMITTED -> new ClusterProtocol.Committed(r.entryId());
        default -> throw new IOException("unknown batch operation " + tag);
      });
    }
    return new ClusterProtocol.Batch(from, seq, ops);
  }

  private ClusterProtocol.Votes readVotes(Reader r) throws IOException {
    UniqueAddress from = r.node();
    int count = r.count();
    List<ClusterProtocol.Vote> votes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      EntryId claim = r.entryId();
      int round = r.in.readInt();
      boolean ack = r.in.readBoolean();
      boolean holderCommitted = r.in.readBoolean();
      Optional<Claim> holder = r.in.readBoolean() ? Optional.of(r.claim()) : Optional.empty();
      votes.add(new ClusterProtocol.Vote(claim, round, ack, holder, holderCommitted));
    }
    return new ClusterProtocol.Votes(from, votes);
  }

  private NameConflict readNameConflict(Reader r) throws IOException {
    Kind kind = r.kind();
    String name = r.in.readUTF();
    Kind winnerKind = r.kind();
    String winnerName = r.in.readUTF();
    ActorRef<?> ref = r.ref();
    EntryConfig config = r.config();
    Registration winner = new Registration(winnerKind, winnerName, ref, config, AddressFromURIString.parse(r.in.readUTF()));
    return new NameConflict(kind, name, winner);
  }

  /**
   * How the name shards store claims. The entry around the payload already holds the id, the
   * version and the name key, and the shard's owner set names the owner, so the payload is only
   * {@code [ref relative to the owner][config][time]}: ~70 bytes for a typical claim instead of
   * the ~190 of a whole serialized claim, and every node keeps a copy of every entry.
   */
  CrdtShards.Codec<Claim> claimCodec() {
    return new CrdtShards.Codec<>() {
      @Override public UniqueAddress owner(Claim c) { return c.owner(); }
      @Override public long id(Claim c) { return c.id(); }
      @Override public int version(Claim c) { return c.version(); }
      @Override public String key(Claim c) { return NameKey.of(c).crdtKey(); }

      @Override
      public byte[] encode(Claim c) {
        return payload(out -> {
          writeRelativeRef(out, c.ref(), c.owner());
          writeConfig(out, c.config());
          out.writeLong(c.time());
        });
      }

      @Override
      public Claim decode(UniqueAddress owner, CrdtEntry entry) throws NotSerializableException {
        NameKey key = NameKey.fromCrdtKey(entry.key())
            .orElseThrow(() -> new NotSerializableException("a registry CRDT claim under the bad key \"" + entry.key() + "\""));
        return readPayload(entry, in -> {
          ActorRef<?> ref = readRelativeRef(in, owner);
          EntryConfig config = readConfig(in);
          return new Claim(key.kind(), key.name(), ref, owner, config, in.readLong(), entry.id(), entry.version());
        });
      }
    };
  }

  /** How the group shards store memberships: {@code [group][ref relative to the owner]}, as for claims. */
  CrdtShards.Codec<Membership> membershipCodec() {
    return new CrdtShards.Codec<>() {
      @Override public UniqueAddress owner(Membership m) { return m.owner(); }
      @Override public long id(Membership m) { return m.id(); }
      @Override public int version(Membership m) { return 0; }
      @Override public String key(Membership m) { return ""; }

      @Override
      public byte[] encode(Membership m) {
        return payload(out -> {
          out.writeUTF(m.group());
          writeRelativeRef(out, m.ref(), m.owner());
        });
      }

      @Override
      public Membership decode(UniqueAddress owner, CrdtEntry entry) throws NotSerializableException {
        return readPayload(entry, in -> new Membership(in.readUTF(), readRelativeRef(in, owner), owner, entry.id()));
      }
    };
  }

  private interface PayloadWriter {
    void write(DataOutputStream out) throws IOException;
  }

  private interface PayloadReader<V> {
    V read(DataInputStream in) throws IOException;
  }

  private byte[] payload(PayloadWriter writer) {
    try {
      ReusableOutput bytes = payloads.get();
      writer.write(bytes.start(PAYLOAD_BUFFER));
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory write failed", e);
    }
  }

  private static <V> V readPayload(CrdtEntry entry, PayloadReader<V> reader) throws NotSerializableException {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry.payload()));
      V value = reader.read(in);
      if (in.available() != 0) {
        throw new IOException(in.available() + " trailing bytes");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      NotSerializableException failure = new NotSerializableException("an unreadable registry CRDT entry " + entry + ": " + e);
      failure.initCause(e);
      throw failure;
    }
  }

  /**
   * A ref as its string form, without the owner's address when it lives there (it almost always
   * does: a node registers its own actors), which is most of the string.
   */
  private void writeRelativeRef(DataOutputStream out, ActorRef<?> ref, UniqueAddress owner) throws IOException {
    Optional<String> relative = refs.pathAt(ref, owner.address());
    if (relative.isPresent()) {
      out.writeByte(1);
      out.writeUTF(relative.get());
    } else {
      out.writeByte(0);
      out.writeUTF(refs.toSerializationFormat(ref));
    }
  }

  private ActorRef<?> readRelativeRef(DataInputStream in, UniqueAddress owner) throws IOException {
    return switch (in.readByte()) {
      case 1 -> refs.resolveAt(owner.address(), in.readUTF());
      case 0 -> refs.resolve(in.readUTF());
      default -> throw new IOException("bad ref form");
    };
  }

  private static void writeConfig(DataOutputStream out, EntryConfig config) throws IOException {
    if (config.equals(EntryConfig.empty())) {
      out.writeInt(0);
    } else {
      out.writeInt(config.encodedSize());
      config.writeTo(out);
    }
  }

  private EntryConfig readConfig(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length == 0) {
      return EntryConfig.empty();
    }
    if (length < 0 || length > in.available()) {
      throw new IOException("bad config length " + length);
    }
    return configs.intern(in.readNBytes(length));
  }

  /** {@code [long run][int version][int length][bytes]}: the entries are already bytes (see {@link CrdtPage}). */
  private static byte[] writeCrdtPage(CrdtPage page) {
    byte[] out = new byte[16 + page.bytes().length];
    ByteBuffer buffer = ByteBuffer.wrap(out);
    buffer.putLong(page.run());
    buffer.putInt(page.version());
    buffer.putInt(page.bytes().length);
    buffer.put(page.bytes());
    return out;
  }

  private static CrdtPage readCrdtPage(byte[] bytes) throws NotSerializableException {
    if (bytes.length < 16) {
      throw new NotSerializableException("a registry CRDT page of " + bytes.length + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long run = buffer.getLong();
    int version = buffer.getInt();
    int length = buffer.getInt();
    if (length != bytes.length - 16) {
      throw new NotSerializableException("a registry CRDT page of " + length + " bytes in " + bytes.length);
    }
    byte[] entries = Arrays.copyOfRange(bytes, 16, bytes.length);
    try {
      // Checked here, at the wire: the registry and the replicator read pages without guarding.
      CrdtPage.parse(entries);
    } catch (IOException | RuntimeException e) {
      NotSerializableException failure = new NotSerializableException("an unreadable registry CRDT page: " + e);
      failure.initCause(e);
      throw failure;
    }
    return new CrdtPage(run, version, entries);
  }

  /**
   * Writes {@code [int tableOffset][body][node table]}: node indexes are assigned while the body is
   * written, and the table goes behind it so the bytes are copied only once. One per thread, reused
   * for every message that thread writes ({@link #start} empties it).
   */
  private final class Writer {
    final ReusableOutput body = new ReusableOutput(MESSAGE_BUFFER, MESSAGE_BUFFER_KEPT);
    final Map<UniqueAddress, Integer> nodes = new HashMap<>();
    final List<UniqueAddress> nodeOrder = new ArrayList<>();
    DataOutputStream out;
    int tableOffset;

    void start(int sizeHint) throws IOException {
      nodes.clear();
      nodeOrder.clear();
      out = body.start(sizeHint);
      out.writeInt(0);
    }

    void node(UniqueAddress node) throws IOException {
      Integer index = nodes.get(node);
      if (index == null) {
        index = nodeOrder.size();
        nodes.put(node, index);
        nodeOrder.add(node);
      }
      out.writeShort(index);
    }

    void entryId(EntryId id) throws IOException {
      node(id.owner());
      out.writeLong(id.id());
    }

    void ref(ActorRef<?> ref) throws IOException {
      out.writeUTF(refs.toSerializationFormat(ref));
    }

    void config(EntryConfig config) throws IOException {
      writeConfig(out, config);
    }

    void claim(Claim c) throws IOException {
      out.writeByte(c.kind().ordinal());
      out.writeUTF(c.name());
      node(c.owner());
      writeRelativeRef(out, c.ref(), c.owner());
      config(c.config());
      out.writeLong(c.time());
      out.writeLong(c.id());
      out.writeInt(c.version());
    }

    void membership(Membership m) throws IOException {
      out.writeUTF(m.group());
      node(m.owner());
      writeRelativeRef(out, m.ref(), m.owner());
      out.writeLong(m.id());
    }

    void op(ClusterProtocol.Op op) throws IOException {
      if (op instanceof ClusterProtocol.Propose p) {
        out.writeByte(PROPOSE);
        claim(p.claim());
        out.writeInt(p.round());
      } else if (op instanceof ClusterProtocol.Retract r) {
        out.writeByte(RETRACT);
        out.writeByte(r.kind().ordinal());
        out.writeUTF(r.name());
        entryId(r.claim());
      } else if (op instanceof ClusterProtocol.Commit c) {
        out.writeByte(COMMIT);
        claim(c.claim());
      } else if (op instanceof ClusterProtocol.Remove r) {
        out.writeByte(REMOVE);
        out.writeByte(r.kind().ordinal());
        out.writeUTF(r.name());
        entryId(r.claim());
        out.writeByte(r.reason().ordinal());
      } else if (op instanceof ClusterProtocol.AddMember m) {
        out.writeByte(ADD_MEMBER);
        membership(m.membership());
      } else if (op instanceof ClusterProtocol.RemoveMember m) {
        out.writeByte(REMOVE_MEMBER);
        entryId(m.membership());
      } else if (op instanceof ClusterProtocol.Digest d) {
        out.writeByte(DIGEST);
        out.writeInt(d.entries());
        out.writeLong(d.hash());
      } else if (op instanceof ClusterProtocol.SnapshotRequest request) {
        out.writeByte(SNAPSHOT_REQUEST);
        out.writeLong(request.ticket());
      } else if (op instanceof ClusterProtocol.SnapshotStart start) {
        out.writeByte(SNAPSHOT_START);
        out.writeLong(start.seq());
        out.writeLong(start.ticket());
      } else if (op instanceof ClusterProtocol.SnapshotEnd) {
        out.writeByte(SNAPSHOT_END);
      } else if (op instanceof ClusterProtocol.Committed c) {
        out.writeByte(COMMITTED);
        entryId(c.claim());
      }
    }

    /** Ends the body with the table of the nodes it named. */
    void writeNodeTable() throws IOException {
      tableOffset = body.size();
      out.writeShort(nodeOrder.size());
      for (UniqueAddress node : nodeOrder) {
        out.writeUTF(node.address().toString());
        out.writeLong(node.longUid());
      }
    }

    /** The message as a new array. */
    byte[] finish() {
      byte[] bytes = body.toByteArray();
      putTableOffset(bytes);
      return bytes;
    }

    /** The message put into {@code buf} at its position, without an array in between. */
    void finishInto(ByteBuffer buf) {
      body.patchAndCopyTo(this::putTableOffset, buf);
    }

    private void putTableOffset(byte[] bytes) {
      bytes[0] = (byte) (tableOffset >>> 24);
      bytes[1] = (byte) (tableOffset >>> 16);
      bytes[2] = (byte) (tableOffset >>> 8);
      bytes[3] = (byte) tableOffset;
    }
  }

  private final class Reader {
    final DataInputStream in;
    final UniqueAddress[] nodes;

    /** Reads the message from {@code buf}'s position to its limit, leaving {@code buf} at its limit once read. */
    Reader(ByteBuffer buf) throws IOException {
      int start = buf.position();
      int length = buf.remaining();
      if (length < 6) {
        throw new IOException("too short: " + length + " bytes");
      }
      int tableOffset = ((buf.get(start) & 0xff) << 24) | ((buf.get(start + 1) & 0xff) << 16) | ((buf.get(start + 2) & 0xff) << 8)
          | (buf.get(start + 3) & 0xff);
      if (tableOffset < 4 || tableOffset > length - 2) {
        throw new IOException("bad node table offset " + tableOffset + " in " + length + " bytes");
      }
      ByteBuffer tableBytes = buf.duplicate();
      tableBytes.position(start + tableOffset);
      DataInputStream table = new DataInputStream(new ByteBufferInput(tableBytes));
      int count = table.readUnsignedShort();
      nodes = new UniqueAddress[count];
      for (int i = 0; i < count; i++) {
        nodes[i] = new UniqueAddress(AddressFromURIString.parse(table.readUTF()), table.readLong());
      }
      if (table.available() != 0) {
        throw new IOException(table.available() + " trailing bytes after the node table");
      }
      ByteBuffer body = buf.duplicate();
      body.position(start + 4).limit(start + tableOffset);
      buf.position(buf.limit());
      this.in = new DataInputStream(new ByteBufferInput(body));
    }

    int count() throws IOException {
      int count = in.readInt();
      if (count < 0 || count > in.available()) {
        throw new IOException("bad element count " + count);
      }
      return count;
    }

    UniqueAddress node() throws IOException {
      int index = in.readUnsignedShort();
      if (index >= nodes.length) {
        throw new IOException("node index " + index + " out of " + nodes.length);
      }
      return nodes[index];
    }

    EntryId entryId() throws IOException {
      return new EntryId(node(), in.readLong());
    }

    Kind kind() throws IOException {
      int ordinal = in.readUnsignedByte();
      if (ordinal >= KINDS.length) {
        throw new IOException("unknown kind " + ordinal);
      }
      return KINDS[ordinal];
    }

    RemovalReason reason() throws IOException {
      int ordinal = in.readUnsignedByte();
      if (ordinal >= REASONS.length) {
        throw new IOException("unknown removal reason " + ordinal);
      }
      return REASONS[ordinal];
    }

    ActorRef<?> ref() throws IOException {
      return refs.resolve(in.readUTF());
    }

    EntryConfig config() throws IOException {
      return readConfig(in);
    }

    Claim claim() throws IOException {
      Kind kind = kind();
      String name = in.readUTF();
      UniqueAddress owner = node();
      ActorRef<?> ref = readRelativeRef(in, owner);
      EntryConfig config = config();
      return new Claim(kind, name, ref, owner, config, in.readLong(), in.readLong(), in.readInt());
    }

    Membership membership() throws IOException {
      String group = in.readUTF();
      UniqueAddress owner = node();
      return new Membership(group, readRelativeRef(in, owner), owner, in.readLong());
    }
  }
}

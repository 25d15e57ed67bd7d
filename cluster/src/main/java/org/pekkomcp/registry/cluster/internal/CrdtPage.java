/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.pekkomcp.registry.cluster.WireMessage;

/**
 * One element of the CRDT shards: every live entry of one owner whose id falls in one run of
 * {@code 2^RUN_BITS} consecutive ids, as one byte array. Its owner replaces it with the next
 * {@link #version} whenever an entry of the run is added or removed.
 *
 * <p>Why pages and not one element per entry: Distributed Data keeps a version-vector dot per
 * ORSet element and writes each dot with its node's full address, so per-entry elements spent
 * most of the gossip's serialization, compression and heap on dots (a profile of 100,000
 * registrations: ~60% of all CPU samples in Distributed Data's serializer). A page costs one dot
 * for up to 2^RUN_BITS (32) entries, and gossip, digests and merges copy its bytes without reading them.
 *
 * <p>The bytes are deflated: the entries of a run are much alike (names, refs under one parent,
 * often one config), and every node keeps every page. The zlib format (not raw deflate) costs 6
 * bytes a page and checks them: a damaged page fails to inflate rather than read as other entries.
 *
 * <p>{@link #version} is the writer's flush number, so a run's page changes version each time it
 * changes; equality also compares the bytes (only when run and version match), so pages that
 * different writers gave the same numbers never pass for each other.
 */
record CrdtPage(long run, int version, byte[] bytes) implements WireMessage {

  /**
   * The page of {@code entries} (all of one run): {@code [count]} then per entry {@code [id]
   * [version][key][payload length][payload]}, numbers as varints (an id, its version and the
   * lengths take 4-6 bytes instead of 18: every node keeps every page).
   */
  static CrdtPage of(long run, int version, Collection<CrdtEntry> entries) {
    try {
      int size = 5;
      for (CrdtEntry entry : entries) {
        size += 16 + entry.key().length() + entry.payload().length;
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
      DataOutputStream out = new DataOutputStream(bytes);
      writeVarLong(out, entries.size());
      for (CrdtEntry entry : entries) {
        writeVarLong(out, entry.id());
        writeVarLong(out, entry.version());
        out.writeUTF(entry.key());
        writeVarLong(out, entry.payload().length);
        out.write(entry.payload());
      }
      return new CrdtPage(run, version, deflate(bytes.toByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory write failed", e);
    }
  }

  /**
   * The page's entries. Pages are made by {@link #of} or read from the wire by the registry's
   * serializer, which rejects bytes that {@link #parse} cannot read, so this does not fail.
   */
  List<CrdtEntry> entries() {
    try {
      return parse(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable registry CRDT page " + this, e);
    }
  }

  /** The entries encoded in {@code bytes} by {@link #of}. */
  static List<CrdtEntry> parse(byte[] deflated) throws IOException {
    byte[] bytes = inflate(deflated);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    long count = readVarLong(in);
    // An entry takes at least 5 bytes (id, version, empty key, empty payload).
    if (count > bytes.length / 5) {
      throw new IOException("bad entry count " + count);
    }
    List<CrdtEntry> entries = new ArrayList<>((int) count);
    for (int i = 0; i < count; i++) {
      long id = readVarLong(in);
      long entryVersion = readVarLong(in);
      String key = in.readUTF();
      long length = readVarLong(in);
      if (entryVersion > Integer.MAX_VALUE || length > in.available()) {
        throw new IOException("bad version " + entryVersion + " or payload length " + length);
      }
      entries.add(new CrdtEntry(id, (int) entryVersion, key, in.readNBytes((int) length)));
    }
    if (in.available() != 0) {
      throw new IOException(in.available() + " trailing bytes");
    }
    return entries;
  }

  /** The most a page may inflate to: far above what a shard key can hold, far below harm. */
  private static final int MAX_INFLATED = 16 << 20;
  private static final ThreadLocal<Deflater> DEFLATER = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));
  private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);

  private static byte[] deflate(byte[] plain) {
    Deflater deflater = DEFLATER.get();
    deflater.reset();
    deflater.setInput(plain);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 2 + 16);
    byte[] chunk = new byte[Math.min(plain.length + 64, 8192)];
    while (!deflater.finished()) {
      out.write(chunk, 0, deflater.deflate(chunk));
    }
    return out.toByteArray();
  }

  private static byte[] inflate(byte[] deflated) throws IOException {
    Inflater inflater = INFLATER.get();
    inflater.reset();
    inflater.setInput(deflated);
    ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length * 3);
    byte[] chunk = new byte[8192];
    try {
      while (!inflater.finished()) {
        int n = inflater.inflate(chunk);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IOException("truncated page");
        }
        out.write(chunk, 0, n);
        if (out.size() > MAX_INFLATED) {
          throw new IOException("a page inflating past " + MAX_INFLATED + " bytes");
        }
      }
      if (inflater.getRemaining() != 0) {
        throw new IOException(inflater.getRemaining() + " trailing bytes after the page");
      }
    } catch (DataFormatException e) {
      throw new IOException("not a deflated page: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /** A non-negative number in 7-bit groups, low first. */
  private static void writeVarLong(DataOutputStream out, long value) throws IOException {
    if (value < 0) {
      throw new IllegalArgumentException("negative " + value);
    }
    while (value >= 0x80) {
      out.writeByte((int) (value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.writeByte((int) value);
  }

  private static long readVarLong(DataInputStream in) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("varint too long");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CrdtPage other && other.run == run && other.version == version && Arrays.equals(other.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(run * 31 + version);
  }

  @Override
  public String toString() {
    return "CrdtPage[run=" + run + ", version=" + version + ", " + bytes.length + " bytes]";
  }
}

package org.pekkomcp.registry.cluster;

/**
 * A claim or membership as the Distributed Data shards hold it: its id and version, its name key
 * (for claims), and the owner's serialized bytes of it.
 *
 * <p>Why bytes: Distributed Data serializes a changed key to digest it and to gossip it, and
 * deserializes what it receives to merge it. With live objects each of those steps resolved actor
 * refs, parsed configs and node addresses, and kept new copies of them on the heap (a profile of
 * the earlier layout: ~80% of the CPU in Distributed Data, millions of config trees held). Bytes
 * cost a copy; the registry decodes an entry only when it does not know that id and version yet.
 *
 * <p>Equality is by {@link #id} and {@link #version} only (an owner writes one set of bytes per
 * version), so a removal can name an entry without having its bytes.
 *
 * @param id the entry's number at its owner (see {@link EntryId}); the owner is the ORMultiMap key
 * @param key for a claim, its {@link NameKey#crdtKey()}; empty for a membership
 */
record CrdtEntry(long id, int version, String key, byte[] payload) implements WireMessage {

  private static final byte[] NONE = new byte[0];

  /** An entry to remove: equal to the stored one, without its bytes. */
  static CrdtEntry probe(long id, int version) {
    return new CrdtEntry(id, version, "", NONE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CrdtEntry other && other.id == id && other.version == version;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id * 31 + version);
  }

  @Override
  public String toString() {
    return "CrdtEntry[id=" + id + ", version=" + version + ", key=" + key + ", " + payload.length + " bytes]";
  }
}

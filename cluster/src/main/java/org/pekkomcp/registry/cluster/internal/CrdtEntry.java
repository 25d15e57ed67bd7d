/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import org.pekkomcp.registry.cluster.EntryId;

/**
 * A claim or membership as the Distributed Data shards hold it, inside a {@link CrdtPage}: its id
 * and version, its name key (for claims), and the owner's serialized bytes of it. The registry
 * decodes the bytes only for an entry it does not know at that version yet (one the push missed).
 *
 * <p>Equality is by {@link #id} and {@link #version} only: an owner writes one set of bytes per
 * version.
 *
 * @param id the entry's number at its owner (see {@link EntryId}); the owner is the ORMultiMap key
 * @param key for a claim, its {@link NameKey#crdtKey()}; empty for a membership
 */
record CrdtEntry(long id, int version, String key, byte[] payload) {

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

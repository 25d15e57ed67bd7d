/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pekkomcp.registry.Kind;

/**
 * A replica's slots, one map per kind keyed by the name itself: the claims already hold the
 * name's string, so no key object per name is kept (a {@link NameKey} key cost 24 bytes per
 * name per node). Not thread-safe: the registry actor's own state.
 */
final class SlotTable {

  private final Map<Kind, HashMap<String, Slot>> byKind = new EnumMap<>(Kind.class);

  SlotTable() {
    for (Kind kind : Kind.values()) {
      byKind.put(kind, new HashMap<>());
    }
  }

  /** The name's slot, or null. */
  Slot get(Kind kind, String name) {
    return byKind.get(kind).get(name);
  }

  Slot get(NameKey key) {
    return get(key.kind(), key.name());
  }

  Slot getOrCreate(NameKey key) {
    return byKind.get(key.kind()).computeIfAbsent(key.name(), n -> new Slot());
  }

  void remove(NameKey key) {
    byKind.get(key.kind()).remove(key.name());
  }

  /** Removes the name's slot if it holds nothing any more. */
  void dropIfEmpty(NameKey key, Slot slot) {
    if (slot.isEmpty()) {
      remove(key);
    }
  }

  /** Every slot, for iteration that does not add or remove slots. */
  Iterable<Slot> values() {
    return () -> byKind.values().stream().flatMap(map -> map.values().stream()).iterator();
  }

  /** The names that have a slot now, for iteration that may add or remove slots. */
  List<NameKey> keys() {
    List<NameKey> keys = new ArrayList<>();
    byKind.forEach((kind, map) -> map.keySet().forEach(name -> keys.add(new NameKey(kind, name))));
    return keys;
  }
}

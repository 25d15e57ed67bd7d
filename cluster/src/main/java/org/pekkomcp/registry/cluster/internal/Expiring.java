/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Entries that are forgotten a fixed time after they were put, oldest first, so that dropping
 * the expired ones stops at the first live one instead of scanning all: the registry's
 * tombstones, recent removals and peers' open proposals. Not thread-safe: the registry actor's
 * own state. Times are {@link System#nanoTime} values.
 */
final class Expiring<K, V> {

  private record Timed<V>(V value, long expires) {}

  private final long ttl;
  private final LinkedHashMap<K, Timed<V>> entries = new LinkedHashMap<>();

  Expiring(java.time.Duration ttl) {
    this.ttl = ttl.toNanos();
  }

  /** Puts {@code key}, expiring {@code ttl} from {@code now}; a key already there moves to the end. */
  void put(K key, V value, long now) {
    entries.remove(key);
    entries.put(key, new Timed<>(value, now + ttl));
  }

  /** Puts {@code key} unless it is there (its expiry stays). */
  void putIfAbsent(K key, V value, long now) {
    entries.putIfAbsent(key, new Timed<>(value, now + ttl));
  }

  boolean containsKey(K key) {
    return entries.containsKey(key);
  }

  /** Removes {@code key} and returns its value, if it was there. */
  Optional<V> remove(K key) {
    Timed<V> removed = entries.remove(key);
    return removed == null ? Optional.empty() : Optional.of(removed.value());
  }

  void removeKeysIf(Predicate<K> filter) {
    entries.keySet().removeIf(filter);
  }

  /** The values, oldest first. */
  Collection<V> values() {
    return entries.values().stream().map(Timed::value).toList();
  }

  /** Drops every entry that expired by {@code now}. */
  void expire(long now) {
    for (Iterator<Timed<V>> it = entries.values().iterator(); it.hasNext(); ) {
      if (now - it.next().expires() < 0) {
        return;
      }
      it.remove();
    }
  }
}

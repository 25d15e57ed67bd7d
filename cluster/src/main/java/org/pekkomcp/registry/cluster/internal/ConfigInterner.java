/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.pekkomcp.registry.EntryConfig;

/**
 * Hands out one {@link EntryConfig} per distinct encoding read from the wire.
 *
 * <p>Why: every claim a node receives carries its config, and most registrants of an application
 * share a handful of configs (their capabilities). Parsing each one cost ~15% of the CPU samples
 * of a 100,000-name registration run, and kept one JSON tree per claim per node on the heap.
 * EntryConfig is immutable, so sharing an instance is safe.
 *
 * <p>Bounded: configs above {@link #MAX_CACHED_BYTES} are not kept, and the table is emptied when
 * it reaches {@link #MAX_ENTRIES} (many distinct configs then cost what they cost without it).
 * Lock-free reads; safe for Artery's concurrent serialization threads.
 */
final class ConfigInterner {

  static final int MAX_ENTRIES = 4096;
  static final int MAX_CACHED_BYTES = 1024;

  /** Byte content as a map key. */
  private record Encoding(byte[] bytes, int hash) {
    Encoding(byte[] bytes) {
      this(bytes, Arrays.hashCode(bytes));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Encoding other && other.hash == hash && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private final ConcurrentHashMap<Encoding, EntryConfig> configs = new ConcurrentHashMap<>();

  /** The config that {@code utf8Json} encodes (as {@link EntryConfig#fromBytes}), shared when seen before. */
  EntryConfig intern(byte[] utf8Json) {
    if (utf8Json.length > MAX_CACHED_BYTES) {
      return EntryConfig.fromBytes(utf8Json);
    }
    Encoding key = new Encoding(utf8Json);
    EntryConfig known = configs.get(key);
    if (known != null) {
      return known;
    }
    EntryConfig config = EntryConfig.fromBytes(utf8Json);
    if (configs.size() >= MAX_ENTRIES) {
      configs.clear();
    }
    configs.putIfAbsent(key, config);
    return config;
  }
}

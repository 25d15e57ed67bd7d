/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.Optional;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.cluster.Claim;

/** A name within its kind; {@link #crdtKey()} is its key inside a Distributed Data shard. */
record NameKey(Kind kind, String name) {

  static NameKey of(Claim claim) {
    return new NameKey(claim.kind(), claim.name());
  }

  String crdtKey() {
    return (kind == Kind.SERVER ? "S/" : "T/") + name;
  }

  /** The name key that {@link #crdtKey()} wrote, if {@code crdtKey} is one. */
  static Optional<NameKey> fromCrdtKey(String crdtKey) {
    if (crdtKey.length() < 3 || crdtKey.charAt(1) != '/') {
      return Optional.empty();
    }
    return switch (crdtKey.charAt(0)) {
      case 'S' -> Optional.of(new NameKey(Kind.SERVER, crdtKey.substring(2)));
      case 'T' -> Optional.of(new NameKey(Kind.TRANSPORT, crdtKey.substring(2)));
      default -> Optional.empty();
    };
  }
}

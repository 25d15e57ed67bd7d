package org.pekkomcp.registry.cluster;

import org.pekkomcp.registry.Kind;

/** A name within its kind; {@link #crdtKey()} is its key inside a Distributed Data shard. */
record NameKey(Kind kind, String name) {

  String crdtKey() {
    return (kind == Kind.SERVER ? "S/" : "T/") + name;
  }
}

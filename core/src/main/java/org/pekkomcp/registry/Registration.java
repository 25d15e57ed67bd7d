/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

import java.util.Objects;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One named entry: who answers to {@code name}, with what configuration, owned by which node.
 *
 * <p>Immutable. The owner node is the only node that may update or unregister the entry; in the
 * local backend it is always this node.
 *
 * @param kind server or transport
 * @param name unique within the kind
 * @param ref the registered actor
 * @param config capabilities and metadata, an immutable JSON object
 * @param node the address of the node whose registry owns the entry
 */
public record Registration(Kind kind, String name, ActorRef<?> ref, EntryConfig config, Address node) {

  public Registration {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(node, "node");
  }

  /**
   * The ref, typed with the protocol the caller knows the registrant speaks (an
   * {@code McpServer.Command} for {@link Kind#SERVER}). A typed ref carries no protocol at run
   * time, so {@code protocol} is not and cannot be checked: it names the type for the compiler,
   * and a wrong one shows as messages the registrant does not handle.
   */
  @SuppressWarnings("unchecked")
  public <T> ActorRef<T> refAs(Class<T> protocol) {
    Objects.requireNonNull(protocol, "protocol");
    return (ActorRef<T>) ref;
  }

  /** The same entry with another configuration. */
  public Registration withConfig(EntryConfig newConfig) {
    return new Registration(kind, name, ref, newConfig, node);
  }
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a subscriber is told, in the order this node's registry applied it (so the events of one
 * name arrive in order). Delivered after the change is visible to reads on this node: a listener
 * that reads the registry on an {@link Unregistered} never finds the removed entry.
 */
public sealed interface RegistryEvent {

  /** Why an entry went away. */
  enum RemovalReason {
    /** The owner unregistered it. */
    UNREGISTERED,
    /** The registered actor stopped (DeathWatch). */
    TERMINATED,
    /** The owner's node left or was removed from the cluster. */
    NODE_REMOVED,
    /** Another claim on the name won a conflict. */
    CONFLICT,
    /**
     * The owner's node became unreachable and this node hides its entries until it is reachable
     * again (when they come back as {@link Registered}) or removed from the cluster.
     */
    UNREACHABLE
  }

  record Registered(Registration registration) implements RegistryEvent {}

  record Unregistered(Registration registration, RemovalReason reason) implements RegistryEvent {}

  record Updated(Registration previous, Registration current) implements RegistryEvent {}

  /** Two claims met on one name; {@code winner} keeps it, {@code loser}'s claim was dropped. */
  record Conflict(Registration winner, Registration loser) implements RegistryEvent {}

  record Joined(String group, ActorRef<?> ref) implements RegistryEvent {}

  record Left(String group, ActorRef<?> ref) implements RegistryEvent {}
}

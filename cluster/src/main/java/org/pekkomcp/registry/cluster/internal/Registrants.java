/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.pekkomcp.registry.cluster.EntryId;

/**
 * The local registrants a node watches, and what each of them holds there: the names it won,
 * the groups it joined on this node, and its register calls still being voted on. A registrant
 * is watched while it holds anything, so its {@code Terminated} can remove what it held, and
 * unwatched as soon as it holds nothing.
 *
 * <p>Held compactly, because the owner node keeps one entry per registrant: a registrant that
 * holds just one name is kept as that name's {@link NameKey} alone (most registrants: 48 bytes
 * less), and the sets of one that holds more are made on first use and start small. With an
 * actor per name two default-sized sets cost ~260 bytes per name on its owner node, one-entry
 * LinkedHashSets ~140 (counted from the heap section's class histogram).
 *
 * <p>Not thread-safe: the registry actor's own state. Watching is the caller's, through the two
 * callbacks.
 */
final class Registrants {

  /** What a stopped registrant held: its names and memberships, to remove everywhere. */
  record Held(Set<NameKey> names, Set<EntryId> memberships) {}

  private final Consumer<ActorRef<?>> watch;
  private final Consumer<ActorRef<?>> unwatch;
  /** Each registrant's {@link Holdings}, or the {@link NameKey} of its one name when that is all it holds. */
  private final Map<ActorRef<?>, Object> holdings = new HashMap<>();

  Registrants(Consumer<ActorRef<?>> watch, Consumer<ActorRef<?>> unwatch) {
    this.watch = watch;
    this.unwatch = unwatch;
  }

  /** {@code ref} has a register call being voted on (it is watched from now on). */
  void attemptStarted(ActorRef<?> ref) {
    holdingsOf(ref).attempts++;
  }

  /** {@code ref}'s register call ended without a name. */
  void attemptEnded(ActorRef<?> ref) {
    Holdings held = heldBy(ref);
    if (held != null) {
      held.attempts--;
      settle(ref, held);
    }
  }

  /** {@code ref}'s register call won {@code key}. */
  void attemptCommitted(ActorRef<?> ref, NameKey key) {
    Holdings held = holdingsOf(ref);
    held.attempts--;
    held.addName(key);
    settle(ref, held);
  }

  /** {@code ref} no longer holds {@code key}. */
  void nameRemoved(ActorRef<?> ref, NameKey key) {
    Holdings held = heldBy(ref);
    if (held != null) {
      held.removeName(key);
      settle(ref, held);
    }
  }

  void membershipAdded(ActorRef<?> ref, EntryId membership) {
    holdingsOf(ref).addMembership(membership);
  }

  void membershipRemoved(ActorRef<?> ref, EntryId membership) {
    Holdings held = heldBy(ref);
    if (held != null) {
      held.removeMembership(membership);
      settle(ref, held);
    }
  }

  /**
   * {@code ref} stopped: forgets it and returns what it held, if anything (else its
   * {@code Terminated} is not this node's concern). Later calls about it change nothing.
   */
  Optional<Held> stopped(ActorRef<?> ref) {
    Holdings held = heldBy(ref);
    if (held == null) {
      return Optional.empty();
    }
    holdings.remove(ref);
    return Optional.of(new Held(Set.copyOf(held.names), Set.copyOf(held.memberships)));
  }

  /** The registrant's holdings, to change them: made, and the registrant watched, if it had none. */
  private Holdings holdingsOf(ActorRef<?> ref) {
    Holdings held = heldBy(ref);
    if (held == null) {
      watch.accept(ref);
      held = new Holdings();
      holdings.put(ref, held);
    }
    return held;
  }

  /** The registrant's holdings, to change them (then {@link #settle} them), or null if it holds nothing. */
  private Holdings heldBy(ActorRef<?> ref) {
    Object held = holdings.get(ref);
    if (held instanceof NameKey only) {
      Holdings expanded = new Holdings();
      expanded.addName(only);
      holdings.put(ref, expanded);
      return expanded;
    }
    return (Holdings) held;
  }

  /** After a change: unwatches a registrant that holds nothing, and keeps one that holds one name as the name alone. */
  private void settle(ActorRef<?> ref, Holdings held) {
    if (held.isEmpty()) {
      holdings.remove(ref);
      unwatch.accept(ref);
    } else {
      held.onlyName().ifPresent(only -> holdings.put(ref, only));
    }
  }

  /** What one registrant holds while it holds more than one name, or memberships, or attempts. */
  private static final class Holdings {
    private Set<NameKey> names = Set.of();
    private Set<EntryId> memberships = Set.of();
    private int attempts;

    void addName(NameKey key) {
      names = added(names, key);
    }

    void removeName(NameKey key) {
      names = removed(names, key);
    }

    void addMembership(EntryId id) {
      memberships = added(memberships, id);
    }

    void removeMembership(EntryId id) {
      memberships = removed(memberships, id);
    }

    /**
     * {@code set} with {@code item}: one item is held in an immutable one-element set (24 bytes,
     * where even a small {@code LinkedHashSet} took ~140), a second turns it into a mutable set.
     */
    private static <T> Set<T> added(Set<T> set, T item) {
      if (set.isEmpty()) {
        return Set.of(item);
      }
      if (set.contains(item)) {
        return set;
      }
      Set<T> held = set.size() == 1 ? new LinkedHashSet<>(set) : set;
      held.add(item);
      return held;
    }

    /** {@code set} without {@code item}; an emptied set gives way to the shared empty one. */
    private static <T> Set<T> removed(Set<T> set, T item) {
      if (!set.contains(item)) {
        return set;
      }
      if (set.size() == 1) {
        return Set.of();
      }
      set.remove(item);
      return set;
    }

    boolean isEmpty() {
      return names.isEmpty() && memberships.isEmpty() && attempts == 0;
    }

    /** The one name, if that is all this holds: then the name alone can stand for it. */
    Optional<NameKey> onlyName() {
      return names.size() == 1 && memberships.isEmpty() && attempts == 0 ? Optional.of(names.iterator().next()) : Optional.empty();
    }
  }
}

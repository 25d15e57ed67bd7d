/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.spi;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.internal.InputCheck;

/**
 * A node's readable snapshot of the registry: the table readers use directly, as {@code pg}
 * readers use its ETS table.
 *
 * <p>One writer (the node's registry actor) changes it; any number of threads read it without
 * locks. Names live in one {@link ConcurrentHashMap} per kind, so a lookup is a single lock-free
 * {@code get} and a write touches one entry. A group's members are an immutable persistent
 * (hash-trie) set ({@link PersistentHashSet}) published whole on each change: a write copies one
 * path of it, and
 * {@link #members} hands out the published set itself, so readers never see a half-applied
 * change and never copy. A ref can be in a group for several reasons (explicitly, or implied by
 * one or more registrations): it is a member while it has one, and reasons beyond the first are
 * counted in a writer-only map, so the usual single reason costs nothing beyond the set.
 *
 * <p>Not thread-safe for writers: call the mutators from one actor only.
 */
public final class RegistryView {

  /** A group's published members: all of them and the ones on this node. */
  private record GroupMembers(PersistentHashSet<ActorRef<?>> all, PersistentHashSet<ActorRef<?>> local) {
    static final GroupMembers EMPTY = new GroupMembers(PersistentHashSet.empty(), PersistentHashSet.empty());
  }

  private final Map<Kind, ConcurrentHashMap<String, Registration>> names = new EnumMap<>(Kind.class);
  private final ConcurrentHashMap<String, GroupMembers> groups = new ConcurrentHashMap<>();
  /** Reasons beyond the first for a ref to be in a group (most refs have one: no entry). */
  private final Map<String, Map<ActorRef<?>, Integer>> extraReasons = new HashMap<>();

  public RegistryView() {
    for (Kind kind : Kind.values()) {
      names.put(kind, new ConcurrentHashMap<>());
    }
  }

  // ---- reads: any thread, lock-free ----

  public Optional<Registration> whereis(Kind kind, String name) {
    InputCheck.requireArgument(kind, "kind");
    return name == null ? Optional.empty() : Optional.ofNullable(names.get(kind).get(name));
  }

  public List<Registration> list(Kind kind) {
    InputCheck.requireArgument(kind, "kind");
    return List.copyOf(names.get(kind).values());
  }

  public int size(Kind kind) {
    return names.get(kind).size();
  }

  public Set<ActorRef<?>> members(String group) {
    InputCheck.requireArgument(group, "group");
    return groups.getOrDefault(group, GroupMembers.EMPTY).all();
  }

  public Set<ActorRef<?>> localMembers(String group) {
    InputCheck.requireArgument(group, "group");
    return groups.getOrDefault(group, GroupMembers.EMPTY).local();
  }

  public Set<String> groups() {
    return Set.copyOf(groups.keySet());
  }

  // ---- writes: the registry actor only ----

  /** Sets the entry for its kind and name; returns the entry it replaced, if any. */
  public Optional<Registration> put(Registration registration) {
    return Optional.ofNullable(names.get(registration.kind()).put(registration.name(), registration));
  }

  public Optional<Registration> remove(Kind kind, String name) {
    return Optional.ofNullable(names.get(kind).remove(name));
  }

  /** Removes the entry only if it is still {@code expected}. */
  public boolean remove(Registration expected) {
    return names.get(expected.kind()).remove(expected.name(), expected);
  }

  /** Counts one more reason for {@code ref} to be in {@code group}; true if it just became a member. */
  public boolean addMember(String group, ActorRef<?> ref) {
    GroupMembers current = groups.getOrDefault(group, GroupMembers.EMPTY);
    if (current.all().contains(ref)) {
      extraReasons.computeIfAbsent(group, g -> new HashMap<>()).merge(ref, 1, Integer::sum);
      return false;
    }
    PersistentHashSet<ActorRef<?>> local = isLocal(ref) ? current.local().with(ref) : current.local();
    groups.put(group, new GroupMembers(current.all().with(ref), local));
    return true;
  }

  /** Drops one reason for {@code ref} to be in {@code group}; true if it just stopped being a member. */
  public boolean removeMember(String group, ActorRef<?> ref) {
    Map<ActorRef<?>, Integer> extra = extraReasons.get(group);
    Integer more = extra == null ? null : extra.get(ref);
    if (more != null) {
      if (more > 1) {
        extra.put(ref, more - 1);
      } else if (extra.remove(ref) != null && extra.isEmpty()) {
        extraReasons.remove(group);
      }
      return false;
    }
    GroupMembers current = groups.get(group);
    if (current == null || !current.all().contains(ref)) {
      return false;
    }
    PersistentHashSet<ActorRef<?>> all = current.all().without(ref);
    if (all.isEmpty()) {
      groups.remove(group);
    } else {
      groups.put(group, new GroupMembers(all, current.local().without(ref)));
    }
    return true;
  }

  private static boolean isLocal(ActorRef<?> ref) {
    return ref.path().address().hasLocalScope();
  }
}

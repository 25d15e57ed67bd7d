/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which of this node's own local standard-group members are registered in Pekko's
 * Receptionist, so that other Pekko code can {@code Find} or {@code Subscribe} to them: at most
 * {@code receptionist-mirror-limit} per group (the Receptionist ships a whole key per change:
 * unbounded, it dominated the CPU of a registration burst). The registry itself never reads the
 * Receptionist.
 *
 * <p>Only the members in the Receptionist are counted (how many of their claims put them there):
 * past the limit a count per member per group was ~30 bytes per name on the owner node for
 * nothing. A member is let in when it joins the group with room left, so a place freed by one
 * leaving goes to a later newcomer. Not thread-safe: the registry actor carries out the changes.
 *
 * @param <M> a member (an actor ref in the registry)
 */
final class ReceptionistMirror<M> {

  /** What to tell the Receptionist, or to warn about. */
  sealed interface Change<M> {}

  record Register<M>(String group, M member) implements Change<M> {}

  record Deregister<M>(String group, M member) implements Change<M> {}

  /** The group is full here: said once per group. */
  record LimitReached<M>(String group, int limit) implements Change<M> {}

  private record Key<M>(String group, M member) {}

  private final int limit;
  private final Map<Key<M>, Integer> mirrored = new HashMap<>();
  private final Map<String, Integer> perGroup = new HashMap<>();
  private final Set<String> reported = new HashSet<>();

  ReceptionistMirror(int limit) {
    this.limit = limit;
  }

  /**
   * One more claim puts {@code member} in {@code group}; {@code joined}: it was not in the group
   * before (its first reason in the view).
   */
  Optional<Change<M>> added(String group, M member, boolean joined) {
    Key<M> key = new Key<>(group, member);
    Integer count = mirrored.get(key);
    if (count != null) {
      mirrored.put(key, count + 1);
      return Optional.empty();
    }
    if (!joined) {
      return Optional.empty();
    }
    int inGroup = perGroup.getOrDefault(group, 0);
    if (inGroup < limit) {
      mirrored.put(key, 1);
      perGroup.put(group, inGroup + 1);
      return Optional.of(new Register<>(group, member));
    }
    return reported.add(group) ? Optional.of(new LimitReached<>(group, limit)) : Optional.empty();
  }

  /** One claim fewer puts {@code member} in {@code group}. */
  Optional<Change<M>> removed(String group, M member) {
    Key<M> key = new Key<>(group, member);
    Integer count = mirrored.get(key);
    if (count == null) {
      return Optional.empty();
    }
    if (count > 1) {
      mirrored.put(key, count - 1);
      return Optional.empty();
    }
    mirrored.remove(key);
    perGroup.merge(group, -1, Integer::sum);
    return Optional.of(new Deregister<>(group, member));
  }
}

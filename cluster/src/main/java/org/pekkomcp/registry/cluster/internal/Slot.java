/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.EntryId;

/**
 * Everything one replica knows about one name. Not thread-safe: the registry actor's own state.
 *
 * <p>There is one committed claim per name except while a conflict is being settled, so the
 * slot holds that claim itself, and an immutable list only for two or more: a collection per
 * name would cost every node 24-48 bytes more per name.
 */
final class Slot {

  /** Null, the one committed claim, or an immutable list of two or more, oldest first. */
  private Object committed;
  /** The claim this replica acked and holds until it is committed or retracted. */
  Claim pending;
  /** What the view shows. */
  Claim shown;

  /** The committed claims, oldest first; an unmodifiable snapshot that later changes do not touch. */
  @SuppressWarnings("unchecked")
  List<Claim> committed() {
    if (committed == null) {
      return List.of();
    }
    return committed instanceof Claim one ? List.of(one) : (List<Claim>) committed;
  }

  int committedCount() {
    return committed == null ? 0 : committed instanceof Claim ? 1 : ((List<?>) committed).size();
  }

  Optional<Claim> committed(EntryId id) {
    if (committed instanceof Claim one) {
      return one.id() == id.id() && one.owner().equals(id.owner()) ? Optional.of(one) : Optional.empty();
    }
    for (Claim c : committed()) {
      if (c.id() == id.id() && c.owner().equals(id.owner())) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  void add(Claim claim) {
    if (committed == null) {
      committed = claim;
    } else {
      List<Claim> more = new ArrayList<>(committed());
      more.add(claim);
      committed = List.copyOf(more);
    }
  }

  void replace(Claim old, Claim now) {
    if (committed == old) {
      committed = now;
      return;
    }
    List<Claim> changed = new ArrayList<>(committed());
    changed.set(changed.indexOf(old), now);
    committed = List.copyOf(changed);
  }

  boolean remove(Claim claim) {
    return removeIf(claim::equals);
  }

  boolean removeIf(Predicate<Claim> filter) {
    List<Claim> before = committed();
    List<Claim> kept = new ArrayList<>(before.size());
    for (Claim c : before) {
      if (!filter.test(c)) {
        kept.add(c);
      }
    }
    if (kept.size() == before.size()) {
      return false;
    }
    committed = kept.isEmpty() ? null : kept.size() == 1 ? kept.get(0) : List.copyOf(kept);
    return true;
  }

  boolean isEmpty() {
    return committed == null && pending == null && shown == null;
  }
}

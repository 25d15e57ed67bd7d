/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.UniqueAddress;
import org.pekkomcp.registry.Groups;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.registry.RegistryEvent.RemovalReason;
import org.pekkomcp.registry.cluster.Claim;
import org.pekkomcp.registry.cluster.ConflictResolver;
import org.pekkomcp.registry.cluster.EntryId;
import org.pekkomcp.registry.cluster.OldestClaimWins;
import org.pekkomcp.registry.spi.RegistryView;

/**
 * Publishes the replica to the {@link RegistryView} that reads use: per name the winner of the
 * visible committed claims (by the {@link ConflictResolver}, folded in one canonical order so
 * that every node shows the same one), with its standard groups, and the explicit memberships
 * whose owner may be shown. Each change of the view is also an event for subscribers, in the
 * order the view changed. Which owners may be shown is the registry's rule ({@code mayShow}:
 * see {@code docs/cluster-design.md}, visibility).
 *
 * <p>Not thread-safe: the registry actor is the view's only writer.
 */
final class ViewWriter {

  private final RegistryView view;
  private final SlotTable slots;
  private final ConflictResolver resolver;
  private final Predicate<UniqueAddress> mayShow;
  private final Consumer<RegistryEvent> events;
  private final Consumer<Registration> registered;
  private final Mirror mirror;
  private final Set<EntryId> shownMemberships = new HashSet<>();

  /** Where a claim's standard groups go besides the view: the Receptionist mirror, for own local claims. */
  interface Mirror {
    void added(String group, Claim claim, boolean joined);

    void removed(String group, Claim claim);
  }

  /**
   * @param events where the view's changes go as events
   * @param registered told every registration the view shows anew (awaiting callers are answered)
   */
  ViewWriter(RegistryView view, SlotTable slots, ConflictResolver resolver, Predicate<UniqueAddress> mayShow,
      Consumer<RegistryEvent> events, Consumer<Registration> registered, Mirror mirror) {
    this.view = view;
    this.slots = slots;
    this.resolver = resolver;
    this.mayShow = mayShow;
    this.events = events;
    this.registered = registered;
    this.mirror = mirror;
  }

  /** The slot's committed claims whose owner may be shown. */
  List<Claim> visible(Slot slot) {
    boolean all = true;
    for (Claim claim : slot.committed()) {
      all &= mayShow.test(claim.owner());
    }
    if (all) {
      return slot.committed();
    }
    List<Claim> visible = new ArrayList<>(slot.committed().size());
    for (Claim claim : slot.committed()) {
      if (mayShow.test(claim.owner())) {
        visible.add(claim);
      }
    }
    return visible;
  }

  /** The resolver's pick, folded in one canonical order so that every node folds alike; null if none. */
  Claim winnerOf(List<Claim> claims) {
    if (claims.isEmpty()) {
      return null;
    }
    if (claims.size() == 1) {
      return claims.get(0);
    }
    List<Claim> ordered = new ArrayList<>(claims);
    ordered.sort(OldestClaimWins.ORDER);
    Claim winner = ordered.get(0);
    for (int i = 1; i < ordered.size(); i++) {
      winner = resolver.winner(winner, ordered.get(i));
    }
    return winner;
  }

  /**
   * Publishes the name's current winner to the view, with its standard groups, and queues the
   * events that tell the difference. {@code reason} explains a removal.
   */
  void refresh(NameKey key, RemovalReason reason) {
    Slot slot = slots.get(key);
    if (slot == null) {
      return;
    }
    Claim before = slot.shown;
    Claim after = winnerOf(visible(slot));
    slot.shown = after;
    if (before == after || (before != null && after != null && before.entryId().equals(after.entryId())
        && before.version() == after.version())) {
      slots.dropIfEmpty(key, slot);
      return;
    }
    Set<String> groupsBefore = before == null ? Set.of() : Groups.standardGroups(before.kind(), before.config());
    Set<String> groupsAfter = after == null ? Set.of() : Groups.standardGroups(after.kind(), after.config());
    boolean sameEntry = before != null && after != null && before.entryId().equals(after.entryId());
    if (after == null) {
      removeStandardGroups(before, groupsBefore, Set.of());
      view.remove(before.registration());
      events.accept(new RegistryEvent.Unregistered(before.registration(), reason));
    } else if (before == null) {
      view.put(after.registration());
      events.accept(new RegistryEvent.Registered(after.registration()));
      addStandardGroups(after, groupsAfter, Set.of());
    } else if (sameEntry) {
      view.put(after.registration());
      events.accept(new RegistryEvent.Updated(before.registration(), after.registration()));
      removeStandardGroups(before, groupsBefore, groupsAfter);
      addStandardGroups(after, groupsAfter, groupsBefore);
    } else {
      removeStandardGroups(before, groupsBefore, Set.of());
      view.put(after.registration());
      events.accept(new RegistryEvent.Unregistered(before.registration(), reason));
      events.accept(new RegistryEvent.Registered(after.registration()));
      addStandardGroups(after, groupsAfter, Set.of());
    }
    if (after != null) {
      registered.accept(after.registration());
    }
    slots.dropIfEmpty(key, slot);
  }

  /** Shows the membership if its owner may be shown, else hides it. */
  void showOrHide(Membership membership) {
    if (!mayShow.test(membership.owner())) {
      hide(membership);
    } else if (shownMemberships.add(membership.entryId()) && view.addMember(membership.group(), membership.ref())) {
      events.accept(new RegistryEvent.Joined(membership.group(), membership.ref()));
    }
  }

  void hide(Membership membership) {
    if (shownMemberships.remove(membership.entryId()) && view.removeMember(membership.group(), membership.ref())) {
      events.accept(new RegistryEvent.Left(membership.group(), membership.ref()));
    }
  }

  private void addStandardGroups(Claim claim, Set<String> groups, Set<String> except) {
    for (String group : groups) {
      if (!except.contains(group)) {
        ActorRef<?> ref = claim.ref();
        boolean joined = view.addMember(group, ref);
        if (joined) {
          events.accept(new RegistryEvent.Joined(group, ref));
        }
        mirror.added(group, claim, joined);
      }
    }
  }

  private void removeStandardGroups(Claim claim, Set<String> groups, Set<String> except) {
    for (String group : groups) {
      if (!except.contains(group)) {
        if (view.removeMember(group, claim.ref())) {
          events.accept(new RegistryEvent.Left(group, claim.ref()));
        }
        mirror.removed(group, claim);
      }
    }
  }
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.management;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.registry.RegistryEvent.RemovalReason;

/**
 * Counts the registry events this node applies, from its subscription: registrations, removals by
 * reason, updates, conflicts, group joins and leaves. Every node counts the changes it learns of,
 * its peers' included, so a registration in a 3-node cluster is counted once on each node; the
 * removal reasons tell a crash ({@code terminated}, {@code node_removed}) from a clean stop
 * ({@code unregistered}). Every series exists from the start, at 0, so that a rate over the first
 * event is right.
 */
final class RegistryEventCounters implements Consumer<RegistryEvent> {

  private final Map<Kind, Counter> registered = new EnumMap<>(Kind.class);
  private final Map<Kind, Counter> updated = new EnumMap<>(Kind.class);
  private final Map<Kind, Counter> conflicts = new EnumMap<>(Kind.class);
  private final Map<Kind, Map<RemovalReason, Counter>> removed = new EnumMap<>(Kind.class);
  private final Counter joins;
  private final Counter leaves;

  RegistryEventCounters(MeterRegistry meters) {
    for (Kind kind : Kind.values()) {
      registered.put(kind, perKind(meters, "mcp.registry.registered", "Names registered", kind));
      updated.put(kind, perKind(meters, "mcp.registry.updated", "Configs replaced", kind));
      conflicts.put(kind, perKind(meters, "mcp.registry.conflicts", "Claims that lost a name to another", kind));
      Map<RemovalReason, Counter> byReason = new EnumMap<>(RemovalReason.class);
      for (RemovalReason reason : RemovalReason.values()) {
        byReason.put(reason, Counter.builder("mcp.registry.removed")
            .description("Names removed, by reason")
            .tag("kind", tag(kind))
            .tag("reason", reason.name().toLowerCase(Locale.ROOT))
            .register(meters));
      }
      removed.put(kind, byReason);
    }
    joins = Counter.builder("mcp.registry.group.joins").description("Group memberships added").register(meters);
    leaves = Counter.builder("mcp.registry.group.leaves").description("Group memberships removed").register(meters);
  }

  @Override
  public void accept(RegistryEvent event) {
    if (event instanceof RegistryEvent.Registered e) {
      registered.get(e.registration().kind()).increment();
    } else if (event instanceof RegistryEvent.Unregistered e) {
      removed.get(e.registration().kind()).get(e.reason()).increment();
    } else if (event instanceof RegistryEvent.Updated e) {
      updated.get(e.current().kind()).increment();
    } else if (event instanceof RegistryEvent.Conflict e) {
      conflicts.get(e.winner().kind()).increment();
    } else if (event instanceof RegistryEvent.Joined) {
      joins.increment();
    } else if (event instanceof RegistryEvent.Left) {
      leaves.increment();
    }
  }

  private static Counter perKind(MeterRegistry meters, String name, String description, Kind kind) {
    return Counter.builder(name).description(description).tag("kind", tag(kind)).register(meters);
  }

  private static String tag(Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}

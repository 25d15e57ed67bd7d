/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.management;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Locale;
import org.pekkomcp.registry.Groups;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.RegistryBackend;

/**
 * The registry's size as this node sees it, read from its snapshot when a scrape asks: names per
 * kind, members of each standard group (the memberships per kind and capability), and the number
 * of groups. Groups with names of the application's choosing are counted, not listed: their
 * names are unbounded, and each would be a time series.
 */
final class RegistryGauges implements MeterBinder {

  private static final List<String> STANDARD_GROUPS =
      List.of(Groups.SERVERS, Groups.TRANSPORTS, Groups.TOOLS, Groups.RESOURCES, Groups.PROMPTS);

  private final RegistryBackend registry;

  RegistryGauges(RegistryBackend registry) {
    this.registry = registry;
  }

  @Override
  public void bindTo(MeterRegistry meters) {
    for (Kind kind : Kind.values()) {
      Gauge.builder("mcp.registry.names", registry, r -> r.list(kind).size())
          .description("Names registered in the cluster, as this node sees them")
          .tag("kind", kind.name().toLowerCase(Locale.ROOT))
          .register(meters);
    }
    for (String group : STANDARD_GROUPS) {
      Gauge.builder("mcp.registry.group.members", registry, r -> r.members(group).size())
          .description("Members of a standard group in the cluster, as this node sees them")
          .tag("group", group)
          .register(meters);
    }
    Gauge.builder("mcp.registry.groups", registry, r -> r.groups().size())
        .description("Groups with at least one member, as this node sees them")
        .register(meters);
  }
}

package org.pekkomcp.management;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.function.Consumer;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.RegistryEvent;

/**
 * Counts the registry events this node applies, from its subscription: registrations, removals by
 * reason, updates, conflicts, group joins and leaves. Every node counts the changes it learns of,
 * its peers' included, so a registration in a 3-node cluster is counted once on each node; the
 * removal reasons tell a crash ({@code terminated}, {@code node_removed}) from a clean stop
 * ({@code unregistered}).
 */
final class RegistryEventCounters implements Consumer<RegistryEvent> {

  private final MeterRegistry meters;

  RegistryEventCounters(MeterRegistry meters) {
    this.meters = meters;
  }

  @Override
  public void accept(RegistryEvent event) {
    if (event instanceof RegistryEvent.Registered e) {
      count("mcp.registry.registered", "Names registered", e.registration().kind());
    } else if (event instanceof RegistryEvent.Unregistered e) {
      Counter.builder("mcp.registry.removed")
          .description("Names removed, by reason")
          .tag("kind", tag(e.registration().kind()))
          .tag("reason", e.reason().name().toLowerCase(Locale.ROOT))
          .register(meters).increment();
    } else if (event instanceof RegistryEvent.Updated e) {
      count("mcp.registry.updated", "Configs replaced", e.current().kind());
    } else if (event instanceof RegistryEvent.Conflict e) {
      count("mcp.registry.conflicts", "Claims that lost a name to another", e.winner().kind());
    } else if (event instanceof RegistryEvent.Joined) {
      Counter.builder("mcp.registry.group.joins").description("Group memberships added").register(meters).increment();
    } else if (event instanceof RegistryEvent.Left) {
      Counter.builder("mcp.registry.group.leaves").description("Group memberships removed").register(meters).increment();
    }
  }

  private void count(String name, String description, Kind kind) {
    Counter.builder(name).description(description).tag("kind", tag(kind)).register(meters).increment();
  }

  private static String tag(Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}

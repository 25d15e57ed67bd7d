/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.management;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.pekkomcp.mcp.server.Instrumentation;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.RegistryInstrumentations;

/**
 * This node's meters, in one Micrometer registry that renders the Prometheus text format
 * ({@link MetricsRoute} serves it at {@code /metrics}).
 *
 * <p>Micrometer rather than the OpenTelemetry SDK: its Prometheus registry is stable (the
 * OpenTelemetry Prometheus exporter is still alpha), it is one small dependency with no SDK to
 * configure, and it brings the JVM binders. Applications add their own meters to {@link #registry()}.
 *
 * <p>Nothing here is on the registry's read path: the gauges read the node's snapshots when a
 * scrape asks ({@link RegistryGauges}, {@link ClusterGauges}), the counters follow the registry's
 * event stream ({@link RegistryEventCounters}) and Pekko's dead letters ({@link DeadLetterCounter}).
 * The MCP path's meters ({@link MicrometerInstrumentation}) are the node's {@code Instrumentation},
 * and the registry actor's ({@link RegistryMeters}) its {@code RegistryInstrumentation}, both
 * installed when this extension starts: servers and sessions report as requests and sessions end,
 * the registry actor as it handles writes and peers' messages, never on a registry lookup.
 */
public final class McpMetrics implements Extension {

  /** The extension id. */
  public static final class Id extends ExtensionId<McpMetrics> {
    private static final Id INSTANCE = new Id();

    private Id() {}

    public static Id getInstance() {
      return INSTANCE;
    }

    @Override
    public McpMetrics createExtension(ActorSystem<?> system) {
      return new McpMetrics(system);
    }
  }

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private McpMetrics(ActorSystem<?> system) {
    McpRegistry mcpRegistry = McpRegistry.get(system);
    new RegistryGauges(mcpRegistry).bindTo(registry);
    mcpRegistry.subscribe(new RegistryEventCounters(registry));
    NodeCluster.of(system).ifPresent(cluster -> new ClusterGauges(cluster).bindTo(registry));
    Instrumentation.get(system).install(new MicrometerInstrumentation(registry));
    RegistryInstrumentations.get(system).install(new RegistryMeters(registry));
    system.systemActorOf(DeadLetterCounter.create(registry), "mcp-dead-letter-counter", Props.empty());
    if (system.settings().config().getBoolean("mcp.management.metrics.jvm")) {
      new ClassLoaderMetrics().bindTo(registry);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      JvmGcMetrics gc = new JvmGcMetrics();
      gc.bindTo(registry);
      system.getWhenTerminated().thenRun(gc::close);
    }
  }

  /** This node's metrics. */
  public static McpMetrics get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  /** The registry the node's meters are in; add the application's own. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Every meter now, in the Prometheus text format (version 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }
}

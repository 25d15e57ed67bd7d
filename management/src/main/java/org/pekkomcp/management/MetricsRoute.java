/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.management;

import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;
import org.apache.pekko.util.ByteString;

/**
 * {@code GET /metrics} on the Pekko Management endpoint: {@link McpMetrics} in the Prometheus text
 * format. Pekko Management loads it from {@code pekko.management.http.routes} (this module's
 * {@code reference.conf}).
 */
public final class MetricsRoute implements ManagementRouteProvider {

  private static final ContentType PROMETHEUS_TEXT = ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");

  private final ActorSystem<?> system;

  /** Pekko Management makes it with the node's actor system. */
  public MetricsRoute(ExtendedActorSystem system) {
    this.system = Adapter.toTyped(system);
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    McpMetrics metrics = McpMetrics.get(system);
    return Directives.path("metrics", () -> Directives.get(
        () -> Directives.complete(HttpEntities.create(PROMETHEUS_TEXT, ByteString.fromString(metrics.scrape())))));
  }
}

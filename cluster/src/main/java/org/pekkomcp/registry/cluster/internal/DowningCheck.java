/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import com.typesafe.config.Config;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Warns when the cluster backend starts on a node without a downing provider (Pekko's default):
 * a crashed node is then never removed, so its names are never pruned, it keeps counting as a
 * voter, and servers placed on it never move. The library leaves downing to the application
 * (pekko-mcp-fast-failover.conf is one choice), so it says so instead of choosing.
 *
 * <p>Internal API: public only for {@code ClusterBackend}, which calls it once at start.
 */
public final class DowningCheck {

  static final String PATH = "pekko.cluster.downing-provider-class";

  private DowningCheck() {}

  /** Logs the warning on {@code system}'s log if it has no downing provider. */
  public static void warnIfNone(ActorSystem<?> system) {
    warning(system.settings().config()).ifPresent(warning -> system.log().warn(warning));
  }

  /** The warning for {@code config}, or empty when it names a downing provider. */
  static Optional<String> warning(Config config) {
    if (config.hasPath(PATH) && !config.getString(PATH).isBlank()) {
      return Optional.empty();
    }
    return Optional.of("pekko-mcp cluster registry: no downing provider (" + PATH + " is empty), so a node that "
        + "crashes is never removed from the cluster: its names stay registered (hidden while it is unreachable), it "
        + "keeps counting as a voter, and servers placed on it never move. Include \"pekko-mcp-fast-failover.conf\" "
        + "in application.conf, or configure a downing provider such as Pekko's Split Brain Resolver "
        + "(see the operations guide, docs/operations.md)");
  }
}

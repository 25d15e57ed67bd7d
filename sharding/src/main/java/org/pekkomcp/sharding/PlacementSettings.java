/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.sharding;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Objects;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;

/**
 * The settings under {@code mcp.sharding} (see this module's reference.conf for their meaning).
 *
 * @param restartBackoff the pause before starting a stopped or failed instance again
 * @param handOffTimeout the longest a host waits for its instance to stop and unregister on hand-off
 * @param handOffDrain how long an instance keeps answering after its name is removed on hand-off
 * @param undeclaredWait the longest a host waits for its node to declare the server it was asked to host
 * @param sharding the Cluster Sharding settings of the declared servers
 */
public record PlacementSettings(Backoff restartBackoff, Duration handOffTimeout, Duration handOffDrain,
    Duration undeclaredWait, Config sharding) {

  public static final String PATH = "mcp.sharding";

  public PlacementSettings {
    Objects.requireNonNull(restartBackoff, "restartBackoff");
    positive("hand-off-timeout", handOffTimeout);
    Objects.requireNonNull(handOffDrain, "hand-off-drain");
    if (handOffDrain.isNegative() || handOffDrain.compareTo(handOffTimeout) >= 0) {
      throw new IllegalArgumentException(PATH + ".hand-off-drain must be at least 0 and below hand-off-timeout ("
          + handOffTimeout + "), got " + handOffDrain);
    }
    positive("undeclared-wait", undeclaredWait);
    Objects.requireNonNull(sharding, "sharding");
  }

  public static PlacementSettings from(Config systemConfig) {
    Config c = systemConfig.getConfig(PATH);
    return new PlacementSettings(
        Backoff.of(c.getDuration("restart-backoff-min"), c.getDuration("restart-backoff-max")),
        c.getDuration("hand-off-timeout"),
        c.getDuration("hand-off-drain"),
        c.getDuration("undeclared-wait"),
        c.getConfig("cluster-sharding"));
  }

  /** The Cluster Sharding settings, as Pekko reads them. */
  ClusterShardingSettings shardingSettings() {
    return ClusterShardingSettings.fromConfig(sharding);
  }

  private static void positive(String what, Duration value) {
    Objects.requireNonNull(value, what);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(PATH + "." + what + " must be positive, got " + value);
    }
  }
}

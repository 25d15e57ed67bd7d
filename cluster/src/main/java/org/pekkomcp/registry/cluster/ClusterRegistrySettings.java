/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Locale;

/**
 * The settings under {@code mcp.registry.cluster}; each is described in reference.conf and in
 * docs/cluster.md.
 */
public record ClusterRegistrySettings(
    boolean selfJoin,
    WriteConsistency writeConsistency,
    Duration writeTimeout,
    Duration registerTimeout,
    Duration retryBackoffMin,
    Duration retryBackoffMax,
    int nameKeys,
    int groupKeys,
    Duration batchWindow,
    int batchSize,
    Duration crdtFlushInterval,
    int crdtBatchSize,
    Duration crdtReadInterval,
    String resolverClass,
    LoserPolicy loserPolicy,
    boolean hideUnreachable,
    boolean crashWatch,
    Duration pendingTimeout,
    Duration proposalTtl,
    Duration tombstoneTtl,
    Duration tickInterval,
    boolean receptionistMirror,
    int receptionistMirrorLimit,
    Duration digestInterval) {

  public static final String PATH = "mcp.registry.cluster";

  public ClusterRegistrySettings {
    positive("name-keys", nameKeys);
    positive("group-keys", groupKeys);
    positive("batch-size", batchSize);
    positive("crdt-batch-size", crdtBatchSize);
    positive("receptionist-mirror-limit", receptionistMirrorLimit);
    if (retryBackoffMax.compareTo(retryBackoffMin) < 0) {
      throw new IllegalArgumentException(PATH + ".retry-backoff-max must not be below retry-backoff-min");
    }
    if (tickInterval.isZero() || tickInterval.isNegative()) {
      throw new IllegalArgumentException(PATH + ".tick-interval must be positive");
    }
    if (digestInterval.isZero() || digestInterval.isNegative()) {
      throw new IllegalArgumentException(PATH + ".digest-interval must be positive");
    }
  }

  /** Reads {@code mcp.registry.cluster} from an actor system's config. */
  public static ClusterRegistrySettings from(Config systemConfig) {
    Config c = systemConfig.getConfig(PATH);
    return new ClusterRegistrySettings(
        c.getBoolean("self-join"),
        WriteConsistency.valueOf(enumName(c.getString("write-consistency"))),
        c.getDuration("write-timeout"),
        c.getDuration("register-timeout"),
        c.getDuration("retry-backoff-min"),
        c.getDuration("retry-backoff-max"),
        c.getInt("name-keys"),
        c.getInt("group-keys"),
        c.getDuration("batch-window"),
        c.getInt("batch-size"),
        c.getDuration("crdt-flush-interval"),
        c.getInt("crdt-batch-size"),
        c.getDuration("crdt-read-interval"),
        c.getString("resolver"),
        LoserPolicy.valueOf(enumName(c.getString("loser-policy"))),
        c.getBoolean("hide-unreachable"),
        c.getBoolean("crash-watch"),
        c.getDuration("pending-timeout"),
        c.getDuration("proposal-ttl"),
        c.getDuration("tombstone-ttl"),
        c.getDuration("tick-interval"),
        c.getBoolean("receptionist-mirror"),
        c.getInt("receptionist-mirror-limit"),
        c.getDuration("digest-interval"));
  }

  /** Instantiates the configured {@link ConflictResolver}. */
  public ConflictResolver resolver() {
    try {
      Class<?> type = Class.forName(resolverClass, true, ClusterRegistrySettings.class.getClassLoader());
      return (ConflictResolver) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException(PATH + ".resolver = " + resolverClass
          + " must name a ConflictResolver with a public no-argument constructor", e);
    }
  }

  private static String enumName(String configValue) {
    return configValue.trim().replace('-', '_').toUpperCase(Locale.ROOT);
  }

  private static void positive(String what, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(PATH + "." + what + " must be positive, got " + value);
    }
  }
}

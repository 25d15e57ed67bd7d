/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

import com.typesafe.config.Config;
import java.util.Objects;

/**
 * The settings every backend shares, read from {@code mcp.registry}.
 *
 * @param backend the backend name ({@code local} or {@code cluster})
 * @param providerClass the {@link RegistryBackendProvider} class that makes it
 * @param maxConfigBytes the largest config, counted as its compact JSON encoding
 * @param config the whole {@code mcp.registry} block, for backend-specific settings
 */
public record RegistrySettings(String backend, String providerClass, int maxConfigBytes, Config config) {

  public static final String ROOT = "mcp.registry";

  public RegistrySettings {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(providerClass, "providerClass");
    Objects.requireNonNull(config, "config");
    if (maxConfigBytes <= 0) {
      throw new IllegalArgumentException(ROOT + ".max-config-bytes must be positive, got " + maxConfigBytes);
    }
  }

  /** Reads {@code mcp.registry} from an actor system's config. */
  public static RegistrySettings from(Config systemConfig) {
    Config c = systemConfig.getConfig(ROOT);
    String backend = c.getString("backend");
    String providerPath = "backends." + backend;
    if (!c.hasPath(providerPath)) {
      throw new IllegalArgumentException(
          ROOT + ".backend = \"" + backend + "\" is unknown; known backends: " + c.getConfig("backends").root().keySet());
    }
    long maxBytes = c.getBytes("max-config-bytes");
    if (maxBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(ROOT + ".max-config-bytes is over 2 GiB: " + maxBytes);
    }
    return new RegistrySettings(backend, c.getString(providerPath), (int) maxBytes, c);
  }
}

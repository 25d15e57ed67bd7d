/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** Example nodes started as several ActorSystems in one test JVM, configured as McpNode would be. */
final class InJvmNodes {

  private InJvmNodes() {}

  /** The options McpNode would read from these arguments; fails the test if they are invalid. */
  static NodeOptions options(String... args) {
    return ((NodeOptions.Valid) NodeOptions.parse(args)).options();
  }

  /** The node's config plus what several systems in one busy JVM need. */
  static Config testConfig(NodeOptions options) {
    return ConfigFactory.parseString("""
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            # A busy 2-core box pauses threads for seconds; these tests are not about failure detection.
            pekko.cluster.failure-detector.acceptable-heartbeat-pause = 10s
            pekko.actor.testkit.typed.throw-on-shutdown-timeout = off
            """)
        .withFallback(options.config());
  }
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one test node starts: parsed from {@link NodeMain}'s arguments and turned into the actor
 * system's config.
 *
 * <p>The failure-detector and Split Brain Resolver settings are the ones measured in
 * PEKKO-NOTES (trap 9): a crashed JVM is unreachable after about 3 s and removed after about 5 s.
 * Artery's test mode is always on so that a test can blackhole a peer without root.
 *
 * @param name a label for logs (not part of the address)
 * @param hostname the address Artery binds and advertises (127.0.0.1, or a namespace's address)
 * @param seed the node to join at start-up; empty means join itself (the first node), and
 *     {@value #JOIN_LATER} means wait for a {@code join-cluster} command (so a test can start
 *     every JVM at once, before it knows the first node's port)
 * @param backend the value of {@code mcp.registry.backend}
 * @param tls key and trust stores for {@code tls-tcp} with mutual authentication, or plain tcp
 * @param watchdog the node exits after this long whatever happens, so no test leaks a JVM
 * @param stableAfter the Split Brain Resolver's {@code stable-after}: 1 s by default; a partition
 *     test that must heal before anyone is downed sets it longer
 * @param writeConsistency {@code mcp.registry.cluster.write-consistency}: {@code majority} by default
 * @param extraConfig HOCON over all of the above (a test's own failure-detector or SBR settings), or empty
 */
public record NodeOptions(
    String name,
    String hostname,
    Optional<String> seed,
    String backend,
    Optional<Tls> tls,
    Duration watchdog,
    Duration stableAfter,
    String writeConsistency,
    String extraConfig) {

  /** The actor system name every node shares; Pekko only clusters systems of one name. */
  public static final String SYSTEM_NAME = "mcp";

  /** The {@code --seed} value that defers joining to a {@code join-cluster} command. */
  public static final String JOIN_LATER = "later";

  /** The environment variable holding the TLS store password, kept off the command line. */
  public static final String TLS_PASSWORD_ENV = "PEKKO_MCP_TLS_PASSWORD";

  /** PKCS12 stores for Artery's ConfigSSLEngineProvider; one password opens both. */
  public record Tls(Path keyStore, Path trustStore, String password) {}

  /** Parses {@code --key value} pairs; unknown keys are an error so typos do not pass silently. */
  public static NodeOptions parse(List<String> args, Map<String, String> env) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.size(); i += 2) {
      String key = args.get(i);
      if (!key.startsWith("--") || i + 1 >= args.size()) {
        throw new IllegalArgumentException("expected --key value pairs, got: " + args);
      }
      values.put(key.substring(2), args.get(i + 1));
    }
    List<String> known = List.of("name", "hostname", "seed", "backend", "key-store", "trust-store", "watchdog-minutes",
        "stable-after-ms", "write-consistency", "extra-config");
    values.keySet().stream()
        .filter(k -> !known.contains(k))
        .findFirst()
        .ifPresent(k -> {
          throw new IllegalArgumentException("unknown option --" + k + "; known: " + known);
        });
    Optional<Tls> tls = Optional.empty();
    if (values.containsKey("key-store") || values.containsKey("trust-store")) {
      String password = env.get(TLS_PASSWORD_ENV);
      if (password == null || !values.containsKey("key-store") || !values.containsKey("trust-store")) {
        throw new IllegalArgumentException(
            "TLS needs --key-store, --trust-store and the password in $" + TLS_PASSWORD_ENV);
      }
      tls = Optional.of(new Tls(Path.of(values.get("key-store")), Path.of(values.get("trust-store")), password));
    }
    return new NodeOptions(
        values.getOrDefault("name", "node"),
        values.getOrDefault("hostname", "127.0.0.1"),
        Optional.ofNullable(values.get("seed")),
        values.getOrDefault("backend", "cluster"),
        tls,
        Duration.ofMinutes(Long.parseLong(values.getOrDefault("watchdog-minutes", "10"))),
        Duration.ofMillis(Long.parseLong(values.getOrDefault("stable-after-ms", "1000"))),
        values.getOrDefault("write-consistency", "majority"),
        values.getOrDefault("extra-config", ""));
  }

  /** The actor system's config: these settings over application.conf and reference.conf. */
  public Config toConfig() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("pekko.actor.provider", "cluster");
    settings.put("pekko.actor.allow-java-serialization", "off");
    settings.put("pekko.remote.artery.canonical.hostname", hostname);
    settings.put("pekko.remote.artery.canonical.port", 0);
    settings.put("pekko.remote.artery.advanced.test-mode", "on");
    settings.put("pekko.cluster.downing-provider-class", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
    settings.put("pekko.cluster.split-brain-resolver.active-strategy", "keep-majority");
    settings.put("pekko.cluster.split-brain-resolver.stable-after", stableAfter.toMillis() + "ms");
    settings.put("pekko.cluster.failure-detector.heartbeat-interval", "500ms");
    settings.put("pekko.cluster.failure-detector.acceptable-heartbeat-pause", "1.5s");
    settings.put("pekko.cluster.jmx.enabled", "off");
    // A node that learns it was downed (e.g. after SIGCONT) must go away rather than linger with
    // stale claims: shut down and exit the JVM.
    settings.put("pekko.cluster.run-coordinated-shutdown-when-down", "on");
    settings.put("pekko.coordinated-shutdown.exit-jvm", "on");
    settings.put("mcp.registry.backend", backend);
    settings.put("mcp.registry.cluster.write-consistency", writeConsistency);
    // NodeMain joins by itself (or waits for join-cluster); the cluster backend must not join
    // the node to itself first, or a node told to join later would be a cluster of its own.
    settings.put("mcp.registry.cluster.self-join", "off");
    tls.ifPresent(t -> {
      String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
      settings.put("pekko.remote.artery.transport", "tls-tcp");
      settings.put(engine + "key-store", t.keyStore().toString());
      settings.put(engine + "trust-store", t.trustStore().toString());
      settings.put(engine + "key-store-password", t.password());
      settings.put(engine + "key-password", t.password());
      settings.put(engine + "trust-store-password", t.password());
      settings.put(engine + "require-mutual-authentication", "on");
    });
    if (tls.isEmpty()) {
      settings.put("pekko.remote.artery.transport", "tcp");
    }
    Config overrides = ConfigFactory.empty();
    for (Map.Entry<String, Object> e : settings.entrySet()) {
      overrides = overrides.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
    }
    // load(overrides) re-resolves substitutions such as the receptionist's copy of the
    // distributed-data block (PEKKO-NOTES trap 6); withFallback(load()) would not.
    return ConfigFactory.load(ConfigFactory.parseString(extraConfig).withFallback(overrides));
  }
}

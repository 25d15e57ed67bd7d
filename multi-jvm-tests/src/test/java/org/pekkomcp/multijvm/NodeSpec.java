/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How to launch one {@link NodeMain} JVM: its options, and optionally the network namespace it
 * runs in. Built with withers: {@code NodeSpec.named("n2").withSeed(first.address())}.
 */
record NodeSpec(
    String name,
    Optional<String> seed,
    String hostname,
    String backend,
    Optional<NodeOptions.Tls> tls,
    Optional<String> namespace,
    Duration stableAfter,
    String writeConsistency,
    String extraConfig) {

  /** The backend under test. */
  static final String DEFAULT_BACKEND = "cluster";

  static NodeSpec named(String name) {
    return new NodeSpec(name, Optional.empty(), "127.0.0.1", DEFAULT_BACKEND, Optional.empty(), Optional.empty(),
        Duration.ofSeconds(1), "majority", "");
  }

  /** n1 .. n{count} with {@code customize} applied to each (say, a longer SBR wait). */
  static List<NodeSpec> numbered(int count, UnaryOperator<NodeSpec> customize) {
    List<NodeSpec> specs = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      specs.add(customize.apply(named("n" + i)));
    }
    return specs;
  }

  NodeSpec withSeed(String address) {
    return new NodeSpec(name, Optional.of(address), hostname, backend, tls, namespace, stableAfter, writeConsistency, extraConfig);
  }

  NodeSpec withTls(NodeOptions.Tls stores) {
    return new NodeSpec(name, seed, hostname, backend, Optional.of(stores), namespace, stableAfter, writeConsistency, extraConfig);
  }

  /** Runs the JVM inside {@code ns}, bound to {@code address}, an address that exists only there. */
  NodeSpec inNamespace(String ns, String address) {
    return new NodeSpec(name, seed, address, backend, tls, Optional.of(ns), stableAfter, writeConsistency, extraConfig);
  }

  NodeSpec withStableAfter(Duration d) {
    return new NodeSpec(name, seed, hostname, backend, tls, namespace, d, writeConsistency, extraConfig);
  }

  /** HOCON that overrides everything else the node is given. */
  NodeSpec withConfig(String hocon) {
    return new NodeSpec(name, seed, hostname, backend, tls, namespace, stableAfter, writeConsistency, hocon);
  }

  /** {@code majority} (the default), {@code all} or {@code local}. */
  NodeSpec withWriteConsistency(String consistency) {
    return new NodeSpec(name, seed, hostname, backend, tls, namespace, stableAfter, consistency, extraConfig);
  }

  /** The command line: small heap, SerialGC and C1 only, so several JVMs fit on two cores. */
  List<String> command(Duration watchdog) {
    List<String> cmd = new ArrayList<>();
    namespace.ifPresent(ns -> cmd.addAll(List.of("ip", "netns", "exec", ns)));
    cmd.addAll(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        NodeMain.class.getName(),
        "--name", name,
        "--hostname", hostname,
        "--backend", backend,
        "--watchdog-minutes", Long.toString(Math.max(1, watchdog.toMinutes())),
        "--stable-after-ms", Long.toString(stableAfter.toMillis()),
        "--write-consistency", writeConsistency));
    if (!extraConfig.isEmpty()) {
      cmd.addAll(List.of("--extra-config", extraConfig));
    }
    seed.ifPresent(s -> cmd.addAll(List.of("--seed", s)));
    tls.ifPresent(t -> cmd.addAll(List.of("--key-store", t.keyStore().toString(), "--trust-store", t.trustStore().toString())));
    return cmd;
  }

  /** The password stays off the command line (visible in ps); the node reads it from here. */
  Map<String, String> environment() {
    return tls.map(t -> Map.of(NodeOptions.TLS_PASSWORD_ENV, t.password())).orElse(Map.of());
  }
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.apache.pekko.cluster.ConfigValidation;
import org.apache.pekko.cluster.Invalid;
import org.apache.pekko.cluster.JoinConfigCompatChecker;
import org.apache.pekko.cluster.Valid$;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Refuses a node that would join the cluster with registry settings that must be equal on every
 * node and are not. Pekko runs it when a node joins through seed nodes (configured or
 * {@code JoinSeedNodes}), on the member it asks and then on the joining node: the member logs
 * "Found incompatible settings when [address] tried to join:" followed by {@link #differences},
 * and the joining node is not let in and shuts down. Pekko's own checker compares the downing
 * provider and the Split Brain Resolver's strategy beside it. A manual {@code Join} is not checked.
 *
 * <p>Registered under {@code pekko.cluster.configuration-compatibility-check.checkers} in the
 * module's reference.conf; {@code enforce-on-join = off} lets such a node in anyway (Pekko then
 * logs the differences on both sides).
 *
 * <p>Internal API: public because Pekko instantiates it by name from configuration.
 */
public final class RegistryJoinCheck extends JoinConfigCompatChecker {

  /** A setting every node must have equal; {@code why} is part of the message that refuses a node. */
  record MustAgree(String path, String why, UnaryOperator<String> canonical) {

    MustAgree(String path, String why) {
      this(path, why, String::trim);
    }
  }

  /** The settings compared, each with the reason it must agree. */
  static final List<MustAgree> SETTINGS = List.of(
      new MustAgree("mcp.registry.backend",
          "every member votes on every claim, so every member must run the cluster registry"),
      new MustAgree("mcp.registry.cluster.write-consistency",
          "a node that commits a claim with fewer acks than the others could commit a name another node holds",
          value -> value.trim().toLowerCase(Locale.ROOT).replace('_', '-')),
      new MustAgree("mcp.registry.cluster.name-keys",
          "it decides which replicated key holds a name, so nodes that differ read and write different keys"),
      new MustAgree("mcp.registry.cluster.group-keys",
          "it decides which replicated key holds a group membership, so nodes that differ read and write different keys"),
      new MustAgree("mcp.registry.cluster.resolver",
          "each node settles a conflict on its own, and all must pick the same winner"),
      new MustAgree("mcp.registry.cluster.distributed-data.name",
          "the registry's replicators find each other by this actor name"));

  @Override
  public Seq<String> requiredKeys() {
    return CollectionConverters.asScala(SETTINGS.stream().map(MustAgree::path).toList()).toList();
  }

  @Override
  public ConfigValidation check(Config toCheck, Config actualConfig) {
    List<String> differences = differences(toCheck, actualConfig);
    return differences.isEmpty() ? Valid$.MODULE$ : new Invalid(CollectionConverters.asScala(differences).toList());
  }

  /**
   * One message per setting that differs between {@code other} (the node at the other end of
   * the join) and {@code self} (this node's config), naming the setting, both values and why it
   * must agree. Empty when the nodes may form one cluster.
   */
  static List<String> differences(Config other, Config self) {
    List<String> differences = new ArrayList<>();
    for (MustAgree setting : SETTINGS) {
      String path = setting.path();
      if (!other.hasPath(path)) {
        differences.add(path + " is missing on the other node, which does not run pekko-mcp's cluster registry or runs "
            + "a version without this check (" + setting.why() + ")");
      } else if (!self.hasPath(path)) {
        differences.add(path + " is missing on this node (" + setting.why() + ")");
      } else {
        String theirs = setting.canonical().apply(other.getString(path));
        String ours = setting.canonical().apply(self.getString(path));
        if (!theirs.equals(ours)) {
          differences.add(path + " is " + theirs + " on the other node and " + ours
              + " on this one; it must be equal on every node: " + setting.why());
        }
      }
    }
    return differences;
  }
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.internal;

import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Names;
import org.pekkomcp.registry.Outcome.Rejected;

/**
 * The input checks every backend runs on the caller's thread before a write reaches its actor, so
 * that all backends reject the same input with the same words and bad input never costs a message.
 *
 * <p>Internal API: public for {@link org.pekkomcp.registry.spi.RegistryActorBackend}, which checks input with it.
 */
public final class InputCheck {

  private InputCheck() {}

  public static Optional<Rejected> entry(Kind kind, String name) {
    if (kind == null) {
      return rejected("kind must not be null");
    }
    return Names.problem("name", name).map(Rejected::new);
  }

  public static Optional<Rejected> register(Kind kind, String name, ActorRef<?> ref, EntryConfig config, int maxConfigBytes) {
    Optional<Rejected> problem = entry(kind, name);
    if (problem.isPresent()) {
      return problem;
    }
    if (ref == null) {
      return rejected("ref must not be null");
    }
    return config(config, maxConfigBytes);
  }

  public static Optional<Rejected> update(Kind kind, String name, EntryConfig config, int maxConfigBytes) {
    Optional<Rejected> problem = entry(kind, name);
    return problem.isPresent() ? problem : config(config, maxConfigBytes);
  }

  public static Optional<Rejected> membership(String group, ActorRef<?> ref) {
    Optional<Rejected> problem = Names.problem("group", group).map(Rejected::new);
    if (problem.isPresent()) {
      return problem;
    }
    return ref == null ? rejected("ref must not be null") : Optional.empty();
  }

  /** For reads, where bad input is a programming error rather than an outcome. */
  public static <T> T requireArgument(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    return value;
  }

  private static Optional<Rejected> config(EntryConfig config, int maxConfigBytes) {
    if (config == null) {
      return rejected("config must not be null (use EntryConfig.empty())");
    }
    int size = config.encodedSize();
    if (size > maxConfigBytes) {
      return rejected("config is " + size + " bytes encoded, over the limit of " + maxConfigBytes
          + " (mcp.registry.max-config-bytes)");
    }
    return Optional.empty();
  }

  private static Optional<Rejected> rejected(String reason) {
    return Optional.of(new Rejected(reason));
  }
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import java.util.Set;

/**
 * A request's method as a metric tag: the methods the server knows keep their name, anything a
 * client made up becomes {@code other}, so a client cannot grow the number of series.
 */
public final class MethodTag {

  /** The tag of every method the server does not serve. */
  public static final String OTHER = "other";

  private static final Set<String> KNOWN = Set.of("initialize", "ping", "tools/list", "tools/call", "resources/list",
      "resources/templates/list", "resources/read", "resources/subscribe", "resources/unsubscribe", "prompts/list",
      "prompts/get", "logging/setLevel", "completion/complete", "server/discover", "subscriptions/listen");

  private MethodTag() {}

  /** {@code method} if the server serves it, {@link #OTHER} if not. */
  public static String of(String method) {
    return KNOWN.contains(method) ? method : OTHER;
  }
}

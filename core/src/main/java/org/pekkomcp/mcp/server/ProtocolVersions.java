/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import java.util.List;

/**
 * The MCP revisions this library speaks, newest first, in two eras. A <em>modern</em> request
 * (2026-07-28) carries its version, client info and capabilities in its own {@code _meta} and is
 * served statelessly; a <em>legacy</em> client opens a session with {@code initialize} and
 * negotiates one of the legacy revisions for that session.
 */
public final class ProtocolVersions {

  /** The stateless revision: no initialize, no session, every request self-describing. */
  public static final String V2026_07_28 = "2026-07-28";
  public static final String V2025_11_25 = "2025-11-25";
  public static final String V2025_06_18 = "2025-06-18";
  /** The only revision with JSON-RPC batches, and what HTTP assumes when the version header is missing. */
  public static final String V2025_03_26 = "2025-03-26";
  public static final String V2024_11_05 = "2024-11-05";

  /** The newest revision an {@code initialize} can negotiate. */
  public static final String LATEST = V2025_11_25;

  public static final List<String> MODERN = List.of(V2026_07_28);

  public static final List<String> LEGACY = List.of(V2025_11_25, V2025_06_18, V2025_03_26, V2024_11_05);

  /** Every revision, modern first: what {@code server/discover} and version errors list. */
  public static final List<String> SUPPORTED = List.of(V2026_07_28, V2025_11_25, V2025_06_18, V2025_03_26, V2024_11_05);

  private ProtocolVersions() {}

  public static boolean isSupported(String version) {
    return SUPPORTED.contains(version);
  }

  public static boolean isModern(String version) {
    return MODERN.contains(version);
  }

  /** For {@code initialize}: the client's version when it is a legacy one we speak, otherwise our latest. */
  public static String negotiate(String requested) {
    return LEGACY.contains(requested) ? requested : LATEST;
  }

  public static boolean allowsBatches(String version) {
    return V2025_03_26.equals(version);
  }
}

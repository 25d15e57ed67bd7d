/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.internal;

import java.util.Locale;
import org.pekkomcp.registry.RegistryEvent;

/**
 * What a transport does about the requests in flight to a server whose registry entry goes away,
 * said once for the sessions ({@link SessionActor}) and the stateless
 * requests ({@link RequestsInFlight}).
 */
final class ServerGone {

  private ServerGone() {}

  /**
   * Whether the removal of a server's entry ends the requests in flight to it. An orderly
   * unregistration does not: the server still runs and answers what it was sent (a sharded
   * server's hand-off removes the name, drains, then stops it), and if it stops without answering,
   * DeathWatch ends them; the request timeout bounds the rest. Every other reason means the
   * server is gone or cut off.
   */
  static boolean endsRequestsInFlight(RegistryEvent.RemovalReason reason) {
    return reason != RegistryEvent.RemovalReason.UNREGISTERED;
  }

  /** The error of a request in flight to a server whose registry entry went away. */
  static String wentAway(String serverName, RegistryEvent.RemovalReason reason) {
    return "MCP server '" + serverName + "' went away before answering ("
        + reason.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
  }
}

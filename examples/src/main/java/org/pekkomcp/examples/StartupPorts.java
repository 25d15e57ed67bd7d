/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/**
 * The node's ports, checked before it starts, so that a port that is taken ends the node at once
 * with one line that names the port and the option that changes it. Pekko would find out too,
 * but later and louder: a stack trace for the cluster port, a log line and a wait for the HTTP
 * port. The check is a bind-and-release, so another process can still take the port in between;
 * {@link McpNode} then reports the failed bind with the same lines.
 */
final class StartupPorts {

  private StartupPorts() {}

  /** The first of the node's fixed ports that cannot be bound now, described; empty when all can. */
  static Optional<String> firstTaken(NodeOptions options) {
    if (options.clusterPort() != 0 && !bindable(address(options), options.clusterPort())) {
      return Optional.of(clusterPortTaken(options));
    }
    if (options.httpPort().isPresent() && options.httpPort().getAsInt() != 0
        && !bindable(address(options), options.httpPort().getAsInt())) {
      return Optional.of(httpPortTaken(options));
    }
    if (options.managementPort().isPresent() && !bindable(address(options), options.managementPort().getAsInt())) {
      return Optional.of(managementPortTaken(options));
    }
    return Optional.empty();
  }

  static String clusterPortTaken(NodeOptions options) {
    return "cluster port " + address(options) + ":" + options.clusterPort()
        + " is in use; choose another with --cluster-port (or MCP_CLUSTER_PORT)";
  }

  static String httpPortTaken(NodeOptions options) {
    return "HTTP port " + address(options) + ":" + options.httpPort().orElse(NodeOptions.DEFAULT_HTTP_PORT)
        + " could not be bound (in use?); choose another with --http-port (or MCP_HTTP_PORT)";
  }

  static String managementPortTaken(NodeOptions options) {
    return "management port " + address(options) + ":" + options.managementPort().getAsInt()
        + " could not be bound (in use?); choose another with --management-port (or MCP_MANAGEMENT_PORT)";
  }

  /** Whether {@code failure} or one of its causes is a failed bind. */
  static boolean isBindFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  private static String address(NodeOptions options) {
    return options.bind().orElse(options.host());
  }

  /** Whether a listening socket can take {@code host:port} now; an address that does not resolve is left to Pekko. */
  private static boolean bindable(String host, int port) {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      return true;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(address);
      return true;
    } catch (BindException e) {
      return !String.valueOf(e.getMessage()).contains("in use"); // not a local address: Pekko says so
    } catch (IOException e) {
      return true;
    }
  }
}

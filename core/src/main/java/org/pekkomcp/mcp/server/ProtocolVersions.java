package org.pekkomcp.mcp.server;

import java.util.List;

/** The MCP revisions this library speaks, newest first, and the negotiation rule. */
public final class ProtocolVersions {

  public static final String V2025_11_25 = "2025-11-25";
  public static final String V2025_06_18 = "2025-06-18";
  /** The only revision with JSON-RPC batches, and what HTTP assumes when the version header is missing. */
  public static final String V2025_03_26 = "2025-03-26";
  public static final String V2024_11_05 = "2024-11-05";

  public static final String LATEST = V2025_11_25;

  public static final List<String> SUPPORTED = List.of(V2025_11_25, V2025_06_18, V2025_03_26, V2024_11_05);

  private ProtocolVersions() {}

  public static boolean isSupported(String version) {
    return SUPPORTED.contains(version);
  }

  /** The client's version when we speak it, otherwise our latest (the client then decides). */
  public static String negotiate(String requested) {
    return isSupported(requested) ? requested : LATEST;
  }

  public static boolean allowsBatches(String version) {
    return V2025_03_26.equals(version);
  }
}

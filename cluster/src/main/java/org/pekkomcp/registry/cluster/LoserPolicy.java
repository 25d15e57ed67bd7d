/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

/** What happens to the actor whose claim lost a conflict ({@code mcp.registry.cluster.loser-policy}). */
public enum LoserPolicy {
  /** It is sent a {@link NameConflict} and keeps running (OTP global's {@code notify_all_name}). */
  NOTIFY,
  /** It is sent a {@link NameConflict} and then stopped (a deterministic {@code random_exit_name}). */
  STOP_LOSER
}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.UniqueAddress;
import org.pekkomcp.registry.cluster.EntryId;
import org.pekkomcp.registry.cluster.WireMessage;

/**
 * An explicit group membership made by {@code join} on node {@code owner}. Groups need no
 * uniqueness, so memberships skip the vote: they are pushed and kept in Distributed Data like
 * committed claims.
 */
record Membership(String group, ActorRef<?> ref, UniqueAddress owner, long id) implements WireMessage {

  public EntryId entryId() {
    return new EntryId(owner, id);
  }
}

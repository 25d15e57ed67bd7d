/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The cluster backend's implementation, not an API: the registry actor and the parts that own its
 * state (the replica, the vote rounds, the push stream and owner sync, the CRDT anti-entropy), and
 * the wire protocol with its serializer, and the join-time check of the settings every node must
 * share. Nothing here is named by applications, and any of it may
 * change between releases; the few classes that are public are marked "Internal API" and say why.
 * The protocol they implement is described in {@code docs/cluster-design.md}.
 */
package org.pekkomcp.registry.cluster.internal;

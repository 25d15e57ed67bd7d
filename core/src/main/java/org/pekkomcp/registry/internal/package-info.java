/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The registry's implementation, not an API: the local backend's writer actor, and what both shipped
 * backends' writer actors share (input checks on the caller's thread, waiters, subscribers and the event
 * listener, the reply future that keeps callbacks off the writer's thread). Classes here are public only
 * because the cluster backend, in another module, uses them; they may change between releases.
 */
package org.pekkomcp.registry.internal;

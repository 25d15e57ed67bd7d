/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The cluster backend's implementation: classes that Pekko or the backend load by name or call
 * internally. Not an API: applications use {@code org.pekkomcp.registry} and configuration.
 */
package org.pekkomcp.registry.cluster.internal;

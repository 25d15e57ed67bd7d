/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The one-JVM backend ({@code mcp.registry.backend = local}, erlmcp's gproc): one writer actor and the
 * view it publishes. Applications select it by configuration and never call these classes. The writer
 * actor itself is in {@code org.pekkomcp.registry.internal}.
 */
package org.pekkomcp.registry.local;

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The one-JVM backend ({@code mcp.registry.backend = local}, erlmcp's gproc): one writer actor and the
 * view it publishes. Applications select it by configuration and never call these classes.
 */
package org.pekkomcp.registry.local;

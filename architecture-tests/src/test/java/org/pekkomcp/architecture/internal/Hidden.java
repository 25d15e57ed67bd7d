/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.architecture.internal;

/** An internal class for {@code PublicApiTest}'s check of its own rule. */
public class Hidden {}

/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * JMH benchmarks of the registry's reads and writes; run by {@code ./benchmarks}, never by {@code mvn verify}.
 * Not published.
 */
package org.pekkomcp.bench;

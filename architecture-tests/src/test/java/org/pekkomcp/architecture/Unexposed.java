/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.architecture;

/** A package-private class outside an internal package, for {@link PublicApiTest} to show that its rule reports it. */
final class Unexposed {}

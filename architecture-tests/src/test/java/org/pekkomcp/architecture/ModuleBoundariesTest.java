/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.net.URISyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pekkomcp.management.McpHealth;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.cluster.ClusterBackend;
import org.pekkomcp.sharding.ServerPlacement;

/**
 * Which published module may use which, checked on the compiled classes. Maven's dependencies
 * already keep a module from compiling against one it does not list; these rules keep the
 * packages inside a module apart (core's registry does not know MCP) and say in one place what the
 * layering is: core is the API and the local backend, the cluster backend and the modules above it
 * build on core, and nothing published knows the examples, the benchmarks or the test harness.
 */
class ModuleBoundariesTest {

  private static final String[] CORE = {
    "org.pekkomcp.registry", "org.pekkomcp.registry.local..", "org.pekkomcp.registry.spi..", "org.pekkomcp.mcp.."};
  private static final String[] CORE_REGISTRY = {
    "org.pekkomcp.registry", "org.pekkomcp.registry.local..", "org.pekkomcp.registry.spi.."};
  private static final String CLUSTER = "org.pekkomcp.registry.cluster..";
  private static final String SHARDING = "org.pekkomcp.sharding..";
  private static final String MANAGEMENT = "org.pekkomcp.management..";
  private static final String[] NOT_PUBLISHED = {
    "org.pekkomcp.examples..", "org.pekkomcp.bench..", "org.pekkomcp.multijvm.."};

  /** The published modules' classes, read from their own jars or class folders only (not the whole classpath). */
  static final JavaClasses LIBRARY = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importLocations(Stream.of(McpRegistry.class, ClusterBackend.class, ServerPlacement.class, McpHealth.class)
          .map(ModuleBoundariesTest::location).collect(Collectors.toSet()));

  private static Location location(Class<?> moduleClass) {
    try {
      return Location.of(moduleClass.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theLibraryIsOnTheClasspath() {
    for (String module : new String[] {"org.pekkomcp.registry", "org.pekkomcp.mcp.server", "org.pekkomcp.registry.cluster",
        "org.pekkomcp.sharding", "org.pekkomcp.management"}) {
      if (!LIBRARY.containPackage(module)) {
        throw new AssertionError("no classes of " + module + " were imported: the rules below would check nothing");
      }
    }
  }

  @Test
  void coreKnowsNoBackendNorModuleAboveIt() {
    noClasses().that().resideInAnyPackage(CORE)
        .should().dependOnClassesThat().resideInAnyPackage(CLUSTER, SHARDING, MANAGEMENT)
        .check(LIBRARY);
  }

  @Test
  void theRegistryKnowsNothingOfMcp() {
    noClasses().that().resideInAnyPackage(CORE_REGISTRY)
        .should().dependOnClassesThat().resideInAnyPackage("org.pekkomcp.mcp..")
        .check(LIBRARY);
  }

  @Test
  void theClusterBackendKnowsNoModuleAboveIt() {
    noClasses().that().resideInAPackage(CLUSTER)
        .should().dependOnClassesThat().resideInAnyPackage(SHARDING, MANAGEMENT)
        .check(LIBRARY);
  }

  @Test
  void nothingPublishedKnowsTheExamplesTheBenchmarksOrTheTestHarness() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage(NOT_PUBLISHED)
        .check(LIBRARY);
  }

  @Test
  void modulePackagesHaveNoCycles() {
    slices().matching("org.pekkomcp.(*)..").should().beFreeOfCycles().check(LIBRARY);
  }
}

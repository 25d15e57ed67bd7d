/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pekkomcp.architecture.internal.Hidden;

/**
 * Where the public API ends: an {@code internal} package holds implementation that may change
 * between releases, so nothing a user can reach outside one (a public or protected member of a
 * public class, or a public class's supertypes) may name a class from one. Checked on every
 * package of the published modules, MCP's included.
 */
class PublicApiTest {

  static final String INTERNAL = "..internal..";

  /** The rule, for any set of classes: checked on the library, and on a breach made for the purpose. */
  static ArchRule internalStaysOutOfPublicSignatures() {
    return classes().that(reachableOutsideTheirPackage()).and().resideOutsideOfPackage(INTERNAL)
        .should(nameNoInternalClassInTheirApi())
        .because("internal packages are implementation: a public signature naming one would make it API");
  }

  @Test
  void noPublicSignatureOutsideAnInternalPackageNamesAnInternalClass() {
    internalStaysOutOfPublicSignatures().check(ModuleBoundariesTest.LIBRARY);
  }

  @Test
  void theRuleFindsAnInternalClassInAPublicSignature() {
    JavaClasses breach = new ClassFileImporter().importClasses(Exposing.class, Hidden.class);
    AssertionError failure = assertThrows(AssertionError.class, () -> internalStaysOutOfPublicSignatures().check(breach));
    for (String leak : List.of("Exposing.hidden() returns", "Exposing.take(...) takes", "Exposing.field is a")) {
      assertTrue(failure.getMessage().contains(leak), leak + " is not reported in: " + failure.getMessage());
    }
    assertFalse(failure.getMessage().contains("Exposing.own("), "a package-private method is not API");
  }

  /**
   * Implementation lives in internal packages: outside them, {@code packages} hold only the types a
   * user names, so a package-private top-level class there is implementation in the wrong place.
   */
  static ArchRule implementationStaysInInternal(String packages) {
    return classes().that().resideInAPackage(packages).and().resideOutsideOfPackage(INTERNAL)
        .and().areTopLevelClasses().and().doNotHaveSimpleName("package-info")
        .should().bePublic()
        .because("implementation belongs in the package's internal package, so that ls of a public package shows its API");
  }

  @Test
  void theMcpPackagesHoldOnlyPublicTypesOutsideInternal() {
    implementationStaysInInternal("org.pekkomcp.mcp..").check(ModuleBoundariesTest.LIBRARY);
  }

  @Test
  void theRuleFindsAPackagePrivateClassOutsideAnInternalPackage() throws ClassNotFoundException {
    JavaClasses classes = new ClassFileImporter().importClasses(Exposing.class, Hidden.class,
        Class.forName("org.pekkomcp.architecture.Unexposed"), Class.forName("org.pekkomcp.architecture.internal.Helper"));
    AssertionError failure = assertThrows(AssertionError.class,
        () -> implementationStaysInInternal("org.pekkomcp.architecture..").check(classes));
    assertTrue(failure.getMessage().contains("org.pekkomcp.architecture.Unexposed"), failure.getMessage());
    assertFalse(failure.getMessage().contains("Helper"), "a package-private class in an internal package is allowed");
    assertFalse(failure.getMessage().contains("Exposing"), "a public class is allowed");
  }

  private static DescribedPredicate<JavaClass> reachableOutsideTheirPackage() {
    return new DescribedPredicate<>("are public (and nested only in public classes)") {
      @Override
      public boolean test(JavaClass c) {
        for (Optional<JavaClass> k = Optional.of(c); k.isPresent(); k = k.get().getEnclosingClass()) {
          if (!k.get().getModifiers().contains(JavaModifier.PUBLIC)) {
            return false;
          }
        }
        return true;
      }
    };
  }

  private static ArchCondition<JavaClass> nameNoInternalClassInTheirApi() {
    return new ArchCondition<>("name no class of an internal package in a public or protected signature") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        List<String> leaks = new ArrayList<>();
        c.getSuperclass().ifPresent(type -> leaks(type, c.getName() + " extends", leaks));
        c.getInterfaces().forEach(type -> leaks(type, c.getName() + " implements", leaks));
        for (JavaMember member : c.getMembers()) {
          Set<JavaModifier> modifiers = member.getModifiers();
          if (!(modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED))
              || modifiers.contains(JavaModifier.SYNTHETIC) || modifiers.contains(JavaModifier.BRIDGE)) {
            continue;
          }
          if (member instanceof JavaCodeUnit unit) {
            String where = c.getSimpleName() + "." + unit.getName() + "(";
            leaks(unit.getReturnType(), where + ") returns", leaks);
            unit.getParameterTypes().forEach(type -> leaks(type, where + "...) takes", leaks));
          } else if (member instanceof JavaField field) {
            leaks(field.getType(), c.getSimpleName() + "." + field.getName() + " is a", leaks);
          }
        }
        leaks.forEach(leak -> events.add(SimpleConditionEvent.violated(c, leak)));
      }

      private void leaks(JavaType type, String where, List<String> leaks) {
        for (JavaClass involved : type.getAllInvolvedRawTypes()) {
          if (involved.getPackageName().matches("(.*\\.)?internal(\\..*)?")) {
            leaks.add(where + " " + involved.getName());
          }
        }
      }
    };
  }
}

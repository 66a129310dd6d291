package org.amchallenge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The direction the packages depend on each other, kept as a test: see src/site/markdown/architecture.md. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.amchallenge");
  }

  @Test
  @DisplayName("no two packages depend on each other, however indirectly")
  void noPackageCycles() {
    slices().matching("org.amchallenge.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  @DisplayName("only the command line's root (Main, Server, ServerConfig) is above every package; nothing depends on it")
  void nothingDependsOnTheRoot() {
    noClasses().that().resideInAPackage("org.amchallenge.(*)..")
        .should().dependOnClassesThat().resideInAPackage("org.amchallenge")
        .check(classes);
  }

  @Test
  @DisplayName("the definitions, the scoring and the leaderboard are plain Java: no Vert.x, usable offline")
  void coreFreeOfVertx() {
    noClasses().that().resideInAnyPackage("org.amchallenge.challenge..", "org.amchallenge.scoring..", "org.amchallenge.leaderboard..")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx..")
        .check(classes);
  }

  @Test
  @DisplayName("nothing below the HTTP layer imports it, nor Vert.x Web's router (the webhooks' web client is allowed)")
  void nothingBelowHttpImportsIt() {
    noClasses().that().resideOutsideOfPackages("org.amchallenge.http..", "org.amchallenge")
        .should().dependOnClassesThat().resideInAnyPackage("org.amchallenge.http..", "io.vertx.ext.web", "io.vertx.ext.web.handler..")
        .check(classes);
  }

  @Test
  @DisplayName("reading a prediction file stores nothing and runs no service")
  void submissionParsesOnly() {
    noClasses().that().resideInAPackage("org.amchallenge.submission..")
        .should().dependOnClassesThat().resideInAnyPackage("org.amchallenge.store..", "org.amchallenge.competition..",
            "org.amchallenge.leaderboard..", "io.vertx..")
        .check(classes);
  }

  @Test
  @DisplayName("values (teams, submission records) depend on no service: the store, the HTTP layer and the services use them")
  void valuesAreNeutral() {
    noClasses().that().resideInAPackage("org.amchallenge.domain..")
        .should().dependOnClassesThat().resideInAnyPackage("org.amchallenge.store..", "org.amchallenge.competition..",
            "org.amchallenge.http..", "org.amchallenge.leaderboard..", "io.vertx..")
        .check(classes);
  }
}

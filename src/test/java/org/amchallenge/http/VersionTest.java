package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.amchallenge.Main;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** One version number, the pom's: --version, the results bundle's manifest and the OpenAPI document all give it. */
@ExtendWith(VertxExtension.class)
class VersionTest {
  @TempDir Path dir;

  /** The pom's {@code <version>}, which surefire passes to the tests; read from the pom itself where a runner did not. */
  private static String pomVersion() throws Exception {
    String passed = System.getProperty("project.version");
    if (passed != null && !passed.isBlank() && !passed.startsWith("${")) return passed;
    var pom = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    return javax.xml.xpath.XPathFactory.newInstance().newXPath().evaluate("/project/version", pom);
  }

  @Test
  @DisplayName("--version, the results bundle, and the served OpenAPI document name the pom's version")
  void oneVersionNumber(Vertx vertx) throws Exception {
    String version = pomVersion();
    assertFalse(version.isBlank());

    PrintStream before = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      assertEquals(0, Main.run("--version"));
    } finally {
      System.setOut(before);
    }
    assertTrue(printed.toString(StandardCharsets.UTF_8).startsWith("amchallenge " + version + ", scorer "), printed.toString(StandardCharsets.UTF_8));

    try (LiveServer live = LiveServer.fixture(vertx, dir, 1 << 20)) {
      HttpResponse<Buffer> openapi = live.get("/openapi.yaml", null);
      assertEquals(200, openapi.statusCode());
      JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(openapi.bodyAsString());
      assertEquals(version, document.at("/info/version").asText());

      HttpResponse<Buffer> bundle = live.get("/api/challenges/test-tracks/export", TestServer.ORGANIZER);
      assertEquals(200, bundle.statusCode(), bundle.bodyAsString());
      JsonNode manifest = null;
      try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bundle.body().getBytes()))) {
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
          if (entry.getName().equals("manifest.json")) manifest = new ObjectMapper().readTree(zip.readAllBytes());
        }
      }
      assertEquals(version, manifest.path("amchallenge_version").asText(), String.valueOf(manifest));
    }
  }
}

package org.amchallenge.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.amchallenge.problem.InvalidInputException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LocatedTreeTest {
  /** Jackson's own tree reading, which the located tree stands in for. */
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String KINDS_YAML = String.join("\n",
      "id: kinds-of-values",
      "count: 3",
      "big: 12345678901",
      "huge: 123456789012345678901234567890",
      "ratio: 0.25",
      "tiny: 1.0e-6",
      "plain_exponent: 1e-6",
      "negative: -7",
      "text: \"quoted # not a comment\"",
      "flag: true",
      "word: no",
      "nothing: ~",
      "empty:",
      "list: [1, 2.5, \"x\", null, [true, {a: 1}]]",
      "nested:",
      "  deeper:",
      "    - id: a",
      "      unit: um",
      "    - {id: b, unit: \"1\"}",
      "block: |",
      "  two",
      "  lines",
      "repeated: 1",
      "repeated: 2",
      "\"a/b~c\": slash and tilde",
      "");

  private static final String KINDS_JSON = "{\"id\": \"kinds\", \"count\": 3, \"big\": 12345678901, \"huge\": 123456789012345678901234567890,\n"
      + " \"ratio\": 0.25, \"tiny\": 1.0e-6, \"large\": 1e400, \"zero\": -0.0, \"flag\": false, \"nothing\": null,\n"
      + " \"list\": [1, 2.5, \"x\", null, [true, {\"a\": 1}], {}, []], \"repeated\": 1, \"repeated\": 2,\n"
      + " \"nested\": {\"deeper\": [{\"id\": \"a\"}]}}\n";

  private static void assertSameTree(byte[] text, boolean yaml) throws Exception {
    JsonNode expected = (yaml ? YAML : JSON).readTree(text);
    JsonNode actual = LocatedTree.parse(text, yaml).root();
    // equals tells the node types apart (an int from a long, a float from a double); the text keeps the field order
    assertEquals(expected, actual);
    assertEquals(expected.toString(), actual.toString());
  }

  @Test
  @DisplayName("the tree is the one Jackson's ObjectMapper reads, node type for node type, from YAML and JSON")
  void sameTreeAsTheMapper() throws Exception {
    assertSameTree(KINDS_YAML.getBytes(StandardCharsets.UTF_8), true);
    assertSameTree(KINDS_JSON.getBytes(StandardCharsets.UTF_8), false);
    JsonNode kinds = LocatedTree.parse(KINDS_YAML.getBytes(StandardCharsets.UTF_8), true).root();
    assertEquals(2, kinds.get("repeated").intValue());
    assertEquals("12345678901", kinds.get("big").asText());
    assertFalse(kinds.get("big").isInt());
  }

  @Test
  @DisplayName("every challenge definition of the repository and of the tests reads to the same tree as the mapper's")
  void sameTreeForEveryDefinition() throws Exception {
    List<Path> files = new ArrayList<>();
    for (Path folder : List.of(Path.of("challenges"), Path.of("src/test/resources/fixtures/challenges"))) {
      try (Stream<Path> listed = Files.list(folder)) {
        listed.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml") || f.toString().endsWith(".json")).forEach(files::add);
      }
    }
    assertFalse(files.size() < 7, files.toString());
    for (Path file : files) {
      byte[] text = Files.readAllBytes(file);
      boolean yaml = !file.toString().endsWith(".json");
      assertSameTree(text, yaml);
      // and the same document as JSON, written by the mapper
      assertSameTree(JSON.writeValueAsBytes(YAML.readTree(text)), false);
    }
  }

  @Test
  @DisplayName("each value's line is where it stands in the file, for a field, a list item and a nested field")
  void lines() {
    LocatedTree tree = LocatedTree.parse(KINDS_YAML.getBytes(StandardCharsets.UTF_8), true);
    assertEquals(1, tree.lineOf("/id"));
    assertEquals(12, tree.lineOf("/nothing"));
    assertEquals(14, tree.lineOf("/list"));
    assertEquals(15, tree.lineOf("/nested"));
    assertEquals(17, tree.lineOf("/nested/deeper/0"));
    assertEquals(18, tree.lineOf("/nested/deeper/0/unit"));
    assertEquals(19, tree.lineOf("/nested/deeper/1/unit"));
    assertEquals(23, tree.lineOf("/repeated"));
    assertEquals(25, tree.lineOf("/a~1b~0c"));
    // a pointer the document lacks: its nearest ancestor's line
    assertEquals(18, tree.lineOf("/nested/deeper/0/unit/none"));
    assertEquals(1, tree.lineOf("/absent"));
    LocatedTree json = LocatedTree.parse(KINDS_JSON.getBytes(StandardCharsets.UTF_8), false);
    assertEquals(2, json.lineOf("/ratio"));
    assertEquals(4, json.lineOf("/nested/deeper/0/id"));
  }

  @Test
  @DisplayName("a document that is not a mapping, an empty one, or one cut short is refused with a line")
  void refusals() {
    for (String text : new String[] {"", "- a\n- b\n", "just words\n", "id: a\nlist: [1, 2\n"}) {
      InvalidInputException refused = assertThrows(InvalidInputException.class, () -> LocatedTree.parse(text.getBytes(StandardCharsets.UTF_8), true), text);
      assertEquals(1, refused.problems().size(), text);
    }
    for (String text : new String[] {"", "[1, 2]", "{\"id\": 1", "{\"id\": 1} x"}) {
      InvalidInputException refused = assertThrows(InvalidInputException.class, () -> LocatedTree.parse(text.getBytes(StandardCharsets.UTF_8), false), text);
      assertEquals(1, refused.problems().size(), text);
    }
  }
}

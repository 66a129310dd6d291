package org.amchallenge.challenge;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;

/**
 * A YAML or JSON document as a tree, with the line each value starts on, so that a problem found while
 * reading the tree can name its line. Jackson's tree keeps no locations, hence this small index.
 */
public record LocatedTree(JsonNode root, Map<String, Integer> lines) {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  public static LocatedTree parse(byte[] text, boolean yaml) {
    ObjectMapper mapper = yaml ? YAML : JSON;
    try {
      Map<String, Integer> lines = indexLines(mapper.getFactory(), text);
      JsonNode root = mapper.readTree(text);
      if (root == null || root.isMissingNode() || !root.isObject()) {
        throw new InvalidInputException("Invalid challenge definition", Problem.at(1, 1, null, "the document must be a mapping of fields"));
      }
      return new LocatedTree(root, lines);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      int line = at == null ? 1 : Math.max(1, at.getLineNr());
      int column = at == null ? 1 : Math.max(1, at.getColumnNr());
      throw new InvalidInputException("Invalid challenge definition", Problem.at(line, column, null, e.getOriginalMessage()));
    } catch (IOException e) {
      throw new InvalidInputException("Invalid challenge definition", Problem.of(e.getMessage()));
    }
  }

  private static Map<String, Integer> indexLines(JsonFactory factory, byte[] text) throws IOException {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = factory.createParser(text)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) continue;
        JsonStreamContext context = parser.getParsingContext();
        if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && context.getParent() != null) {
          context = context.getParent();
        }
        lines.putIfAbsent(context.pathAsPointer().toString(), parser.currentTokenLocation().getLineNr());
      }
    }
    return lines;
  }

  /** The line of the value at a JSON pointer, or of its nearest ancestor that has one. */
  public int lineOf(String pointer) {
    for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
      Integer line = lines.get(p);
      if (line != null) return line;
      if (p.isEmpty()) return 1;
    }
  }
}

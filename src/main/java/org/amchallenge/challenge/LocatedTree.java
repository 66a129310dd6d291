package org.amchallenge.challenge;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;

/**
 * A YAML or JSON document as a tree, with the line and column each value starts at, so that a problem found while
 * reading the tree can name them. Jackson's tree keeps no locations, hence this small index.
 *
 * <p>The tree is built from Jackson's streaming parser in the one pass that takes the lines, with the node
 * types {@code ObjectMapper.readTree} makes (a test holds the two equal), so that a short `amchallenge score`
 * run does not pay for an {@code ObjectMapper}'s class loading and set-up.
 */
public record LocatedTree(JsonNode root, Map<String, int[]> lines) {
  private static final JsonFactory YAML = new YAMLFactory();
  private static final JsonFactory JSON = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  public static LocatedTree parse(byte[] text, boolean yaml) {
    try (JsonParser parser = (yaml ? YAML : JSON).createParser(text)) {
      Map<String, int[]> lines = new HashMap<>();
      JsonToken first = next(parser, lines);
      JsonNode root = first == null ? null : value(parser, first, lines);
      // the rest of the input is read as the lines were before: a syntax error after the document is still one
      while (next(parser, lines) != null) {
        // nothing to keep
      }
      if (root == null || !root.isObject()) {
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

  /** The next token, its line kept under the JSON pointer of the value it starts (a field's name, its value's). */
  private static JsonToken next(JsonParser parser, Map<String, int[]> lines) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null || token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) return token;
    JsonStreamContext context = parser.getParsingContext();
    if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && context.getParent() != null) {
      context = context.getParent();
    }
    var at = parser.currentTokenLocation();
    lines.putIfAbsent(context.pathAsPointer().toString(), new int[] {at.getLineNr(), Math.max(1, at.getColumnNr())});
    return token;
  }

  /** The value that starts at {@code token}, as {@code JsonNodeDeserializer} makes it with the mapper's defaults. */
  private static JsonNode value(JsonParser parser, JsonToken token, Map<String, int[]> lines) throws IOException {
    if (token == null) throw new JsonParseException(parser, "unexpected end of the document");
    switch (token) {
      case START_OBJECT: {
        ObjectNode object = NODES.objectNode();
        for (JsonToken field = next(parser, lines); field != JsonToken.END_OBJECT; field = next(parser, lines)) {
          String name = parser.currentName();
          object.replace(name, value(parser, next(parser, lines), lines)); // a repeated field: the last one, as readTree
        }
        return object;
      }
      case START_ARRAY: {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken item = next(parser, lines); item != JsonToken.END_ARRAY; item = next(parser, lines)) {
          array.add(value(parser, item, lines));
        }
        return array;
      }
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        return switch (parser.getNumberType()) {
          case INT -> NODES.numberNode(parser.getIntValue());
          case LONG -> NODES.numberNode(parser.getLongValue());
          default -> NODES.numberNode(parser.getBigIntegerValue());
        };
      case VALUE_NUMBER_FLOAT:
        return switch (parser.getNumberTypeFP()) {
          case BIG_DECIMAL -> NODES.numberNode(stripped(parser.getDecimalValue()));
          case FLOAT32 -> NODES.numberNode(parser.getFloatValue());
          default -> NODES.numberNode(parser.getDoubleValue());
        };
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      case VALUE_EMBEDDED_OBJECT: {
        Object embedded = parser.getEmbeddedObject();
        if (embedded == null) return NODES.nullNode();
        return embedded instanceof byte[] binary ? NODES.binaryNode(binary) : NODES.pojoNode(embedded);
      }
      default:
        throw new JsonParseException(parser, "unexpected " + token);
    }
  }

  private static BigDecimal stripped(BigDecimal decimal) {
    try {
      return decimal.stripTrailingZeros();
    } catch (ArithmeticException e) {
      return decimal;
    }
  }

  /** The line of the value at a JSON pointer, or of its nearest ancestor that has one. */
  public int lineOf(String pointer) {
    return at(pointer)[0];
  }

  /** The column of the value at a JSON pointer, or of its nearest ancestor that has one. */
  public int columnOf(String pointer) {
    return at(pointer)[1];
  }

  private int[] at(String pointer) {
    for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
      int[] found = lines.get(p);
      if (found != null) return found;
      if (p.isEmpty()) return new int[] {1, 1};
    }
  }
}

package org.amchallenge.submission;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.units.UnitConversion;

/**
 * The fast path for the JSON form: Jackson's streaming parser, each row's fields read as tokens into a buffer of key
 * bytes, no tree or String per row. It takes only a file with nothing to report: at anything else (an unknown field,
 * a value given as text, a key the reference does not have) it gives up and the general reader reads the file again
 * and names every problem.
 */
final class FastJson {
  private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

  private final FastRows placed;

  FastJson(Challenge challenge, ReferenceData reference) {
    this.placed = new FastRows(challenge, reference, true);
  }

  /** The predictions of a valid JSON file, or null where the general reader must read it. */
  ParsedSubmission read(byte[] body, String description) {
    String described = null;
    try (JsonParser parser = FACTORY.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) return null;
      boolean sawPredictions = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("predictions") && value == JsonToken.START_ARRAY && !sawPredictions) {
          sawPredictions = true;
          if (!rows(parser)) return null;
        } else if (field.equals("description") && value == JsonToken.VALUE_STRING && described == null) {
          described = parser.getText();
        } else {
          return null;
        }
      }
      if (!sawPredictions || placed.rows() == 0) return null;
    } catch (IOException | RuntimeException malformed) {
      return null;
    }
    return new ParsedSubmission(placed.predictions(), placed.rows(), described != null ? described : description);
  }

  // a row's text fields, one after the other in one buffer: sample, point, component, quantity, unit
  private static final int SAMPLE = 0;
  private static final int POINT = 1;
  private static final int COMPONENT = 2;
  private static final int QUANTITY = 3;
  private static final int UNIT = 4;
  private byte[] key = new byte[256];
  private final int[] from = new int[5];
  private final int[] to = new int[5];

  private boolean rows(JsonParser parser) throws IOException {
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      if (token != JsonToken.START_OBJECT || !row(parser)) return false;
    }
    return true;
  }

  /** One prediction object, the parser on its start; false where the general reader must read the file. */
  private boolean row(JsonParser parser) throws IOException {
    java.util.Arrays.fill(from, 0);
    java.util.Arrays.fill(to, 0);
    int size = 0;
    int given = 0;
    double value = Double.NaN;
    double uncertainty = Double.NaN;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken token = parser.nextToken();
      int field = switch (name) {
        case "sample_id" -> SAMPLE;
        case "point" -> POINT;
        case "component" -> COMPONENT;
        case "quantity" -> QUANTITY;
        case "unit" -> UNIT;
        case "value" -> 5;
        case "uncertainty" -> 6;
        default -> -1;
      };
      if (field < 0 || (given & (1 << field)) != 0) return false;
      given |= 1 << field;
      if (field == 5 || field == 6) {
        if (token == JsonToken.VALUE_NULL && field == 6) continue;
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) return false;
        if (field == 5) value = parser.getDoubleValue();
        else uncertainty = parser.getDoubleValue();
      } else if (token == JsonToken.VALUE_STRING || ((field == POINT || field == COMPONENT) && token.isNumeric())) {
        // a number as key (a point 0.5) is taken as written; the general reader takes any other spelling of it
        from[field] = size;
        size = text(parser, size);
        if (size < 0) return false;
        to[field] = size;
      } else if (token != JsonToken.VALUE_NULL) {
        return false;
      }
    }
    if ((given & (1 << 5)) == 0) return false;
    FastRows.Target target = placed.target(key, from[QUANTITY], to[QUANTITY]);
    if (target == null) return false;
    UnitConversion.Conversion conversion = target.conversion(key, from[UNIT], to[UNIT]);
    return placed.put(target, key, from[SAMPLE], to[SAMPLE], from[POINT], to[POINT], from[COMPONENT], to[COMPONENT], value,
        uncertainty, conversion);
  }

  /** Appends the token's text as UTF-8 at {@code at}; where it ends, or -1 for text with spaces around it (the general reader strips them). */
  private int text(JsonParser parser, int at) throws IOException {
    char[] chars = parser.getTextCharacters();
    int offset = parser.getTextOffset();
    int length = parser.getTextLength();
    if (length > 0 && (chars[offset] == ' ' || chars[offset + length - 1] == ' ')) return -1;
    if (at + 3 * length > key.length) key = java.util.Arrays.copyOf(key, Math.max(key.length * 2, at + 3 * length));
    for (int i = 0; i < length; i++) {
      char c = chars[offset + i];
      if (c >= 0x80) {
        byte[] rest = new String(chars, offset + i, length - i).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(rest, 0, key, at, rest.length);
        return at + rest.length;
      }
      key[at++] = (byte) c;
    }
    return at;
  }
}

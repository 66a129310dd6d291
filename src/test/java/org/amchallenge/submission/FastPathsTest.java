package org.amchallenge.submission;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeReader;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceReader;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;
import org.amchallenge.scoring.Predictions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The fast paths (long and wide CSV with units, JSON) put every row where the general reader puts it, and give a file
 * they cannot take to the general reader, which names its problems.
 */
class FastPathsTest {
  private static final String CHALLENGE = String.join("\n", "id: shapes", "title: Shapes", "opens: 2020-01-01T00:00:00Z",
      "closes: 2099-01-01T00:00:00Z", "quantities:",
      "  - {id: depth, unit: um, primary: nmae, aliases: [D]}",
      "  - {id: strength, unit: MPa, primary: nmae}",
      "  - {id: hardness, unit: HV10, primary: nmae}",
      "  - {id: profile, unit: MPa, kind: profile, point: {name: z, unit: mm}, primary: nmae}",
      "  - {id: strain, unit: '1', kind: tensor, components: [e11, e22, e12], primary: l2}", "");
  private static final int SAMPLES = 40;
  private static final Challenge DEFINITION = ChallengeReader.read(CHALLENGE.getBytes(StandardCharsets.UTF_8), true);
  private static final ReferenceData DATA = data();

  private static ReferenceData data() {
    try {
      return ReferenceReader.read(DEFINITION, reference().getBytes(StandardCharsets.UTF_8));
    } catch (InvalidInputException e) {
      throw new IllegalStateException(e.problems().toString(), e);
    }
  }
  private final PredictionReader reader = new PredictionReader(DEFINITION, DATA);

  private static String reference() {
    StringBuilder csv = new StringBuilder("sample_id,quantity,point,component,value,uncertainty\n");
    for (int i = 0; i < SAMPLES; i++) {
      csv.append("S").append(i).append(",depth,,,").append(100 + i).append(",2\n");
      csv.append("S").append(i).append(",strength,,,").append(500 + i).append(",5\n");
      csv.append("S").append(i).append(",hardness,,,").append(200 + i).append(",3\n");
      for (String z : List.of("0.5", "1", "1.5")) csv.append("S").append(i).append(",profile,").append(z).append(",,").append(i).append(",1\n");
      for (String c : List.of("e11", "e22", "e12")) csv.append("S").append(i).append(",strain,state=1,").append(c).append(",0.001,0.0001\n");
    }
    return csv.toString();
  }

  /** One predicted row: the file's unit and value in it, and the value in the quantity's unit. */
  private record Row(String sample, String quantity, String point, String component, String value, String uncertainty, String unit) {
    String csv() {
      return String.join(",", sample, quantity, point, component, value, uncertainty, unit);
    }

    String json() {
      StringBuilder o = new StringBuilder("{\"sample_id\":\"").append(sample).append("\",\"quantity\":\"").append(quantity).append('"');
      // a profile's point as a number, a tensor's state as text
      if (!point.isEmpty()) o.append(",\"point\":").append(point.startsWith("state") ? '"' + point + '"' : point);
      if (!component.isEmpty()) o.append(",\"component\":\"").append(component).append('"');
      o.append(",\"value\":").append(value);
      if (!uncertainty.isEmpty()) o.append(",\"uncertainty\":").append(uncertainty);
      if (!unit.isEmpty()) o.append(",\"unit\":\"").append(unit).append('"');
      return o.append('}').toString();
    }
  }

  /** Every row of the reference, some in another unit or in the quantity's own named, in a seeded shuffled order. */
  private static List<Row> rows(long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      String s = "S" + i;
      double depth = Math.round((100 + i + random.nextGaussian()) * 1000) / 1000.0;
      rows.add(switch (i % 3) {
        case 0 -> new Row(s, "depth", "", "", Double.toString(depth), "1.5", "");
        case 1 -> new Row(s, "D", "", "", Double.toString(depth / 1000), "0.0015", "mm");
        default -> new Row(s, "depth", "", "", Double.toString(depth), "", "um");
      });
      rows.add(i % 2 == 0 ? new Row(s, "strength", "", "", "0.5" + i, "0.004", "GPa") : new Row(s, "strength", "", "", "50" + i, "4", "MPa"));
      rows.add(new Row(s, "hardness", "", "", Integer.toString(199 + i), "", i % 2 == 0 ? "HV10" : ""));
      for (String z : List.of("0.5", "1", "1.5")) rows.add(new Row(s, "profile", z, "", Double.toString(i + random.nextGaussian()), "1", ""));
      for (String c : List.of("e11", "e22", "e12")) rows.add(new Row(s, "strain", "state=1", c, "0.0011", "", ""));
    }
    Collections.shuffle(rows, random);
    return rows;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String longCsv(List<Row> rows) {
    StringBuilder csv = new StringBuilder("sample_id,quantity,point,component,value,uncertainty,unit\n");
    rows.forEach(r -> csv.append(r.csv()).append('\n'));
    return csv.toString();
  }

  private static String json(List<Row> rows) {
    List<String> objects = rows.stream().map(Row::json).toList();
    return "{\"description\": \"seeded\", \"predictions\": [\n" + String.join(",\n", objects) + "\n]}";
  }

  private static void assertSame(Predictions expected, Predictions actual) {
    for (var quantity : DEFINITION.quantities()) {
      Predictions.Column e = expected.column(quantity.id());
      Predictions.Column a = actual.column(quantity.id());
      if (e == null) {
        assertNull(a, quantity.id());
        continue;
      }
      assertNotNull(a, quantity.id());
      assertArrayEquals(e.values(), a.values(), 0, quantity.id());
      // a file without uncertainties shares the table's column of NaN on the fast path
      for (int row = 0; row < e.uncertainties().length; row++) {
        assertEquals(e.uncertainties()[row], a.uncertainties()[row], 0, quantity.id() + " row " + row);
      }
    }
  }

  @Test
  @DisplayName("a long CSV in shuffled order with units on some rows: the fast path takes it and puts every value where the general reader does")
  void longShuffledWithUnits() {
    for (long seed = 1; seed <= 5; seed++) {
      byte[] file = bytes(longCsv(rows(seed)));
      ParsedSubmission fast = new FastLongCsv(DEFINITION, DATA).read(file, null);
      assertNotNull(fast, "the fast path took the file");
      ParsedSubmission general = reader.readCsvGeneral(file, null);
      assertEquals(general.rows(), fast.rows());
      assertEquals(SAMPLES * 9, fast.rows());
      assertSame(general.predictions(), fast.predictions());
    }
  }

  @Test
  @DisplayName("units convert by hand: 0.1 mm is 100 um with its uncertainty scaled, 0.5 GPa is 500 MPa, HV10 stays HV10")
  void conversionsByHand() {
    String csv = "sample_id,quantity,value,uncertainty,unit\nS3,depth,0.1,0.002,mm\nS3,strength,0.5,0.01,GPa\nS3,hardness,210,,HV10\nS4,depth,99,1,um\n";
    ParsedSubmission parsed = new FastLongCsv(DEFINITION, DATA).read(bytes(csv), null);
    assertNotNull(parsed);
    Predictions.Column depth = parsed.predictions().column("depth");
    assertEquals(100, depth.values()[3], 1e-12);
    assertEquals(2, depth.uncertainties()[3], 1e-12);
    assertEquals(99, depth.values()[4], 0);
    assertEquals(500, parsed.predictions().column("strength").values()[3], 1e-12);
    assertEquals(10, parsed.predictions().column("strength").uncertainties()[3], 1e-12);
    assertEquals(210, parsed.predictions().column("hardness").values()[3], 0);
  }

  @Test
  @DisplayName("JSON with units, uncertainties, numeric points and components: the fast path takes it and agrees with the general reader")
  void jsonAgrees() {
    for (long seed = 1; seed <= 5; seed++) {
      byte[] file = bytes(json(rows(seed)));
      ParsedSubmission fast = new FastJson(DEFINITION, DATA).read(file, null);
      assertNotNull(fast, "the fast path took the file");
      ParsedSubmission general = reader.readJsonRows(file, null);
      assertEquals(general.rows(), fast.rows());
      assertEquals("seeded", fast.description());
      assertSame(general.predictions(), fast.predictions());
    }
  }

  @Test
  @DisplayName("JSON arriving in parts cut anywhere (inside a name, a number, a key, the description) reads as the whole file does")
  void jsonInParts() {
    String text = json(rows(7)).replace("{\"description\": \"seeded\", ", "{\"description\": \"line one\\nline \\\"two\\\"\", ");
    byte[] file = bytes(text + "\n");
    ParsedSubmission general = reader.readJsonRows(file, null);
    assertEquals("line one\nline \"two\"", general.description());
    Random random = new Random(11);
    for (int round = 0; round < 20; round++) {
      FastJson fast = new FastJson(DEFINITION, DATA);
      int cut = round == 0 ? 1 : round == 1 ? 2 : 1 + random.nextInt(97);
      for (int at = 0; at < file.length; at += cut) {
        // each part in an array of its own, reused by the next part as the upload's parts are
        byte[] part = new byte[cut + 5];
        int n = Math.min(cut, file.length - at);
        System.arraycopy(file, at, part, 0, n);
        assertTrue(fast.feedPart(part, n), "cut every " + cut + " bytes, at " + at);
        java.util.Arrays.fill(part, (byte) 'x');
      }
      ParsedSubmission parsed = fast.finishParts(null);
      assertNotNull(parsed, "cut every " + cut + " bytes");
      assertEquals(general.rows(), parsed.rows());
      assertEquals(general.description(), parsed.description());
      assertSame(general.predictions(), parsed.predictions());
    }
    FastJson truncated = new FastJson(DEFINITION, DATA);
    assertTrue(truncated.feedPart(file, file.length / 2));
    assertNull(truncated.finishParts(null), "a body that ends inside the document is left to the general reader");
  }

  @Test
  @DisplayName("a wide CSV with units in its headers, a point column and blank cells: the fast path takes it and agrees")
  void wideAgrees() {
    StringBuilder csv = new StringBuilder("sample_id,D [mm],strength [GPa], hardness \n");
    for (int i = SAMPLES - 1; i >= 0; i--) {
      csv.append("S").append(i).append(',').append(0.1 + i / 1000.0).append(',').append(i % 4 != 0 ? "0.5" + i : "").append(',')
          .append(200 + i).append('\n');
    }
    byte[] scalars = bytes(csv.toString());
    ParsedSubmission fast = new FastWideCsv(DEFINITION, DATA).read(scalars, null);
    assertNotNull(fast, "the fast path took the file");
    ParsedSubmission general = reader.readCsvGeneral(scalars, null);
    assertEquals(general.rows(), fast.rows());
    assertSame(general.predictions(), fast.predictions());
    assertEquals(107, fast.predictions().column("depth").values()[7], 1e-9);

    byte[] profile = bytes("sample_id,point,profile [kPa]\nS2,0.5,1500\nS2,1,2500\nS1,1.5,-500\n");
    ParsedSubmission points = new FastWideCsv(DEFINITION, DATA).read(profile, null);
    assertNotNull(points);
    assertSame(reader.readCsvGeneral(profile, null).predictions(), points.predictions());
    assertEquals(1.5, points.predictions().column("profile").values()[6], 1e-12);
  }

  @Test
  @DisplayName("what the fast paths cannot take, the general reader reads and names: a unit that does not convert, an unknown sample, a value given as text")
  void givenUp() {
    String badUnit = "sample_id,quantity,value,unit\nS1,depth,0.1,mm\nS2,depth,5,MPa\n";
    assertNull(new FastLongCsv(DEFINITION, DATA).read(bytes(badUnit), null));
    List<Problem> problems = assertThrows(InvalidInputException.class, () -> reader.read(SubmissionFormat.CSV, bytes(badUnit), null)).problems();
    assertTrue(problems.stream().anyMatch(p -> p.line() == 3 && p.column() == 4 && "unit".equals(p.field())), problems::toString);

    String unknown = "{\"predictions\": [{\"sample_id\": \"S1\", \"quantity\": \"depth\", \"value\": 1},\n {\"sample_id\": \"S99\", \"quantity\": \"depth\", \"value\": 2}]}";
    assertNull(new FastJson(DEFINITION, DATA).read(bytes(unknown), null));
    problems = assertThrows(InvalidInputException.class, () -> reader.read(SubmissionFormat.JSON, bytes(unknown), null)).problems();
    assertTrue(problems.stream().anyMatch(p -> p.line() == 2 && p.detail().contains("unknown sample 'S99'")), problems::toString);

    String text = "{\"predictions\": [{\"sample_id\": \"S1\", \"quantity\": \"depth\", \"value\": \"101.5\"}]}";
    assertNull(new FastJson(DEFINITION, DATA).read(bytes(text), null));
    assertEquals(101.5, reader.read(SubmissionFormat.JSON, bytes(text), null).predictions().column("depth").values()[1], 0);

    // a row given twice, out of order, found when its batch is looked up
    String twice = "sample_id,quantity,value\nS5,depth,1\nS2,depth,2\nS9,depth,3\nS2,depth,4\n";
    assertNull(new FastLongCsv(DEFINITION, DATA).read(bytes(twice), null));
    problems = assertThrows(InvalidInputException.class, () -> reader.read(SubmissionFormat.CSV, bytes(twice), null)).problems();
    assertTrue(problems.stream().anyMatch(p -> p.line() == 5 && p.detail().contains("duplicate prediction") && p.detail().contains("line 3")),
        problems::toString);

    String wideBad = "sample_id,depth [um]\nS1,12\nS2,twelve\n";
    assertNull(new FastWideCsv(DEFINITION, DATA).read(bytes(wideBad), null));
    problems = assertThrows(InvalidInputException.class, () -> reader.read(SubmissionFormat.CSV, bytes(wideBad), null)).problems();
    assertTrue(problems.stream().anyMatch(p -> p.line() == 3 && p.column() == 2 && "value".equals(p.field())), problems::toString);
  }

  @Test
  @DisplayName("a file changed at random takes no fast path to a result the general reader would not give: the same predictions, or the general reader's problems")
  void mutatedFilesAgree() {
    Random random = new Random(23);
    List<Row> rows = rows(3).subList(0, 30);
    String wide = "sample_id,D [mm],strength [GPa],hardness\nS1,0.101,0.51,201\nS2,0.102,0.52,202\nS3,,0.53,203\n";
    for (String original : List.of(json(rows), longCsv(rows), wide)) {
      byte[] bytes = bytes(original);
      byte[] alphabet = bytes("{}[]\",:. -+eE0123456789nultrS_xmMPaGmu\\\n\t");
      int taken = 0;
      for (int round = 0; round < 1500; round++) {
        byte[] changed = mutate(bytes, random, alphabet);
        boolean isJson = original.startsWith("{");
        ParsedSubmission fast = isJson ? new FastJson(DEFINITION, DATA).read(changed, null)
            : original == wide ? new FastWideCsv(DEFINITION, DATA).read(changed, null) : new FastLongCsv(DEFINITION, DATA).read(changed, null);
        if (fast == null) continue;
        taken++;
        ParsedSubmission general;
        try {
          general = isJson ? reader.readJsonRows(changed, null) : reader.readCsvGeneral(changed, null);
        } catch (InvalidInputException refused) {
          throw new AssertionError("the fast path took a file the general reader refuses: " + new String(changed, StandardCharsets.UTF_8)
              + "\n" + refused.problems(), refused);
        }
        assertEquals(general.rows(), fast.rows(), () -> new String(changed, StandardCharsets.UTF_8));
        assertSame(general.predictions(), fast.predictions());
      }
      // a changed digit or a space keeps a file good: the comparison above ran on files the fast path took
      assertTrue(taken >= 25, "files taken by the fast path: " + taken);
    }
  }

  /** One to three bytes changed, removed or put in, each from {@code alphabet}. */
  private static byte[] mutate(byte[] bytes, Random random, byte[] alphabet) {
    byte[] changed = bytes.clone();
    for (int k = 1 + random.nextInt(3); k > 0; k--) {
      int at = random.nextInt(changed.length);
      byte b = alphabet[random.nextInt(alphabet.length)];
      switch (random.nextInt(3)) {
        case 0 -> changed[at] = b;
        case 1 -> {
          byte[] shorter = new byte[changed.length - 1];
          System.arraycopy(changed, 0, shorter, 0, at);
          System.arraycopy(changed, at + 1, shorter, at, changed.length - at - 1);
          changed = shorter;
        }
        default -> {
          byte[] longer = new byte[changed.length + 1];
          System.arraycopy(changed, 0, longer, 0, at);
          longer[at] = b;
          System.arraycopy(changed, at, longer, at + 1, changed.length - at);
          changed = longer;
        }
      }
    }
    return changed;
  }
}

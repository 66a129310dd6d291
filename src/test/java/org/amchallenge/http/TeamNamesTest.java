package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.amchallenge.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Team names as an adversary tries them: look-alikes of a registered name, invisible and right-to-left characters,
 * an unpaired surrogate, and one name registered many times at once. Bodies are sent as JSON text, escapes and all,
 * since the client's own encoder would mend an unpaired surrogate before it left.
 */
@ExtendWith(VertxExtension.class)
class TeamNamesTest {
  @TempDir Path dir;
  private LiveServer live;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    live = LiveServer.fixture(vertx, dir, 1 << 20);
  }

  @AfterEach
  void stop() {
    live.close();
  }

  /** POST /api/teams with the body as given: JSON text whose \\u escapes reach the server as written. */
  private HttpResponse<Buffer> register(String jsonText) {
    return LiveServer.join(live.client.post("/api/teams").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(jsonText)));
  }

  private static String named(String nameJson) {
    return "{\"name\": \"" + nameJson + "\"}";
  }

  @Test
  @DisplayName("a name that differs from a registered one only by case, width, a look-alike letter or spacing is refused (409), naming the rule and no other team")
  void lookAlikesRefused() {
    assertEquals(201, register(named("TeamA")).statusCode());
    assertEquals(201, register(named("MeltLab")).statusCode());
    Map<String, String> lookAlikes = Map.of(
        "Te\\u0430mA", "Te\u0430mA",               // a Cyrillic а
        "meltlab", "meltlab",                       // case
        "MELTLAB", "MELTLAB",
        "\\uff2d\\uff45\\uff4c\\uff54\\uff2c\\uff41\\uff42", "ＭｅｌｔＬａｂ",  // full width
        "MeItLab", "MeItLab",                       // a capital I for the l
        "M\\u0435ltL\\u0430b", "MеltLаb",           // Cyrillic е and а
        "  MeltLab\\u00a0", "MeltLab");             // spaces around, one of them no-break
    lookAlikes.forEach((sent, typed) -> {
      HttpResponse<Buffer> refused = register(named(sent));
      assertEquals(409, refused.statusCode(), sent + ": " + refused.bodyAsString());
      String detail = refused.bodyAsJsonObject().getString("detail");
      assertTrue(detail.contains("'" + typed + "'"), "the name the caller typed: " + detail);
      assertTrue(detail.contains("case") && detail.contains("look-alike"), "the rule: " + detail);
      if (!typed.equals("MeltLab")) {
        assertFalse(detail.contains("MeltLab") || detail.contains("TeamA"), "the team holding the name is not named: " + detail);
      }
    });
    // different names are still different
    assertEquals(201, register(named("MeltLabs")).statusCode());
    assertEquals(201, register(named("Team B")).statusCode());
  }

  @Test
  @DisplayName("zero-width, bidirectional, control and format characters and an unpaired surrogate are refused (422) with the field, the position and the code point")
  void invisibleCharactersRefused() throws Exception {
    record Case(String sent, int position, String codePoint) {}
    List<Case> cases = List.of(
        new Case("Melt\\u200bLab", 5, "U+200B"),       // zero width space
        new Case("Melt\\u200dLab", 5, "U+200D"),       // zero width joiner
        new Case("\\ufeffMeltLab", 1, "U+FEFF"),       // byte order mark
        new Case("Melt\\u2060Lab", 5, "U+2060"),       // word joiner
        new Case("MeltLab\\u2800", 8, "U+2800"),       // blank Braille pattern: drawn as nothing
        new Case("baL\\u202etleM", 4, "U+202E"),       // right-to-left override
        new Case("Melt\\u2066Lab\\u2069", 5, "U+2066"),  // left-to-right isolate
        new Case("Melt\\u200fLab", 5, "U+200F"),       // right-to-left mark
        new Case("Melt\\u061cLab", 5, "U+061C"),       // Arabic letter mark
        new Case("Melt\\u0007Lab", 5, "U+0007"),       // a control character
        new Case("Melt\\tLab", 5, "U+0009"),
        new Case("Melt\\u00adLab", 5, "U+00AD"),       // soft hyphen
        new Case("\\u3164", 1, "U+3164"),              // Hangul filler, a blank that is a letter
        new Case("Lone\\ud800", 5, "U+D800"),          // an unpaired surrogate
        new Case("\\udc00Lone", 1, "U+DC00"),
        new Case("\\ud83d\\ude00\\ud800", 2, "U+D800"));  // after a paired one (an emoji): counted as one character
    for (Case each : cases) {
      HttpResponse<Buffer> refused = register(named(each.sent()));
      assertEquals(422, refused.statusCode(), each.sent() + ": " + refused.bodyAsString());
      JsonObject problem = refused.bodyAsJsonObject().getJsonArray("problems").getJsonObject(0);
      assertEquals("name", problem.getString("field"));
      assertEquals(each.position(), problem.getInteger("column"), problem.encode());
      assertTrue(problem.getString("detail").contains("character " + each.position() + " is " + each.codePoint()), problem.encode());
    }
    // a member's name holds to the same rule
    HttpResponse<Buffer> member = register("{\"name\": \"Rivals\", \"members\": [\"Ada\", \"B\\u202eob\"]}");
    assertEquals(422, member.statusCode(), member.bodyAsString());
    JsonObject problem = member.bodyAsJsonObject().getJsonArray("problems").getJsonObject(0);
    assertEquals("members", problem.getString("field"));
    assertTrue(problem.getString("detail").contains("member 2") && problem.getString("detail").contains("U+202E"), problem.encode());
    // an unpaired surrogate sent as raw bytes (CESU-8) rather than as an escape
    byte[] raw = "{\"name\": \"Raw?\"}".getBytes(StandardCharsets.UTF_8);
    int mark = new String(raw, StandardCharsets.UTF_8).indexOf('?');
    Buffer cesu = Buffer.buffer().appendBytes(raw, 0, mark).appendBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})
        .appendBytes(raw, mark + 1, raw.length - mark - 1);
    HttpResponse<Buffer> rawRefused = LiveServer.join(live.client.post("/api/teams").putHeader("Content-Type", "application/json").sendBuffer(cesu));
    assertTrue(rawRefused.statusCode() == 400 || rawRefused.statusCode() == 422, rawRefused.bodyAsString());
    assertWellFormed(rawRefused.body());
  }

  @Test
  @DisplayName("names in any script are kept as typed (in NFC), members once each however written, and the public board stays well-formed JSON that a strict reader (jq) takes")
  void boardReadableWithUnicodeNames() throws Exception {
    HttpResponse<Buffer> lyon = register("{\"name\": \"E\\u0301quipe Lyon\", \"members\": [\"Zoë\", \"ZOË\", \"\\uff3a\\uff4f\\u00eb\", \"Léa\"]}");
    assertEquals(201, lyon.statusCode(), lyon.bodyAsString());
    assertEquals("Équipe Lyon", lyon.bodyAsJsonObject().getString("name"), "kept as typed, composed (NFC)");
    assertEquals(new JsonArray().add("Zoë").add("Léa"), lyon.bodyAsJsonObject().getJsonArray("members"), "one member, written three ways, kept once");
    HttpResponse<Buffer> tokyo = register(named("東京チーム"));
    assertEquals(201, tokyo.statusCode());
    // an unpaired surrogate: refused now; on a server that took it, the board below would carry it
    HttpResponse<Buffer> lone = register(named("Lone\\ud800"));
    List<String> tokens = new ArrayList<>(List.of(lyon.bodyAsJsonObject().getString("token"), tokyo.bodyAsJsonObject().getString("token")));
    if (lone.statusCode() == 201) tokens.add(lone.bodyAsJsonObject().getString("token"));
    for (String token : tokens) {
      assertEquals(201, live.upload(Fixtures.CHALLENGE, token, "text/csv", Buffer.buffer(Fixtures.predictions(3, 3))).statusCode());
    }
    HttpResponse<Buffer> board = live.get("/api/challenges/" + Fixtures.CHALLENGE + "/leaderboard", null);
    assertEquals(200, board.statusCode());
    JsonNode parsed = assertWellFormed(board.body());
    List<String> teams = new ArrayList<>();
    parsed.get("rows").forEach(row -> teams.add(row.get("team").asText()));
    assertEquals(List.of("Équipe Lyon", "東京チーム"), teams.stream().sorted().toList(), "only the two teams that could register");
  }

  @Test
  @DisplayName("one name registered many times at once, in many spellings: exactly one 201, every other a 409")
  void concurrentRegistrations() {
    List<String> spellings = List.of("Crowd", "crowd", "CROWD", "Cr\\u043ewd", "\\uff23\\uff52\\uff4f\\uff57\\uff44", "Crowd ", "CrOwd", "crowd\\u00a0");
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (String spelling : spellings) {
        sent.add(live.client.post("/api/teams").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(named(spelling))));
      }
    }
    LiveServer.join(Future.join(new ArrayList<>(sent)));
    List<Integer> statuses = sent.stream().map(f -> f.result().statusCode()).toList();
    assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
    assertEquals(sent.size() - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
  }

  @Test
  @DisplayName("the server's JSON encoder writes an unpaired surrogate, wherever it comes from, as U+FFFD: never a \\uD800 escape nor a '?'")
  void encoderMendsUnpairedSurrogates() throws Exception {
    JsonObject held = new JsonObject().put("team", "A\ud800B").put("k\udc00", new JsonArray().add("\ud83d\ude00").add("\ude00x"));
    for (Buffer written : List.of(held.toBuffer(), Buffer.buffer(held.encode()), io.vertx.core.json.Json.encodeToBuffer(held),
        Buffer.buffer(held.encodePrettily()))) {
      JsonNode parsed = assertWellFormed(written);
      assertEquals("A\uFFFDB", parsed.get("team").asText());
      assertEquals("\ud83d\ude00", parsed.get("k\uFFFD").get(0).asText(), "a paired surrogate (an emoji) is kept");
      assertEquals("\uFFFDx", parsed.get("k\uFFFD").get(1).asText());
    }
  }

  /** The bytes are UTF-8, and JSON whose every string is well-formed Unicode: what jq and other strict readers demand. */
  static JsonNode assertWellFormed(Buffer body) throws CharacterCodingException {
    String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body.getBytes())).toString();
    JsonNode parsed;
    try {
      parsed = new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
    assertWellFormed(parsed, text);
    return parsed;
  }

  private static void assertWellFormed(JsonNode node, String whole) {
    if (node.isTextual()) assertNoLoneSurrogate(node.asText(), whole);
    node.fieldNames().forEachRemaining(name -> assertNoLoneSurrogate(name, whole));
    node.elements().forEachRemaining(child -> assertWellFormed(child, whole));
  }

  private static void assertNoLoneSurrogate(String text, String whole) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new AssertionError("an unpaired surrogate U+" + Integer.toHexString(c).toUpperCase() + " in " + whole);
      }
    }
  }
}

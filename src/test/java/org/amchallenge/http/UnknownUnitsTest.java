package org.amchallenge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Hardness scales the server does not know (HV10, HRC): published as declared, and a submission must use the same symbol or none. */
@ExtendWith(VertxExtension.class)
class UnknownUnitsTest {
  static final String ID = "hardness-map";
  static final String DEFINITION = String.join("\n",
      "id: hardness-map", "title: Hardness after heat treatment", "opens: 2026-01-01T00:00:00Z", "closes: 2027-01-01T00:00:00Z",
      "split: {public_fraction: 0.5, seed: 7, by: sample}",
      "quantities:",
      "  - {id: hardness, unit: HV10, primary: nmae}",
      "  - {id: rockwell, unit: HRC, primary: nmae}", "");
  static final String REFERENCE = String.join("\n", "sample_id,quantity,point,component,value,uncertainty,weight,censor",
      "H1,hardness,,,300,5,,", "H2,hardness,,,320,5,,", "H3,hardness,,,340,5,,", "H4,hardness,,,360,5,,",
      "H1,rockwell,,,30,1,,", "H2,rockwell,,,32,1,,", "H3,rockwell,,,34,1,,", "H4,rockwell,,,36,1,,", "");

  @TempDir Path dir;
  private LiveServer live;
  private String team;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    live = LiveServer.of(vertx, dir, ID, DEFINITION, REFERENCE, new TestClock(Instant.parse("2026-06-01T12:00:00Z")));
    team = live.register("Indenters");
  }

  @AfterEach
  void stop() {
    live.close();
  }

  private HttpResponse<Buffer> upload(String csv) {
    return live.upload(ID, team, "text/csv", Buffer.buffer(csv));
  }

  private static String longCsv(String hardnessUnit, String rockwellUnit) {
    StringBuilder csv = new StringBuilder("sample_id,quantity,value,unit\n");
    for (int i = 1; i <= 4; i++) csv.append("H").append(i).append(",hardness,").append(290 + 20 * i).append(',').append(hardnessUnit).append('\n');
    for (int i = 1; i <= 4; i++) csv.append("H").append(i).append(",rockwell,").append(28 + 2 * i).append(',').append(rockwellUnit).append('\n');
    return csv.toString();
  }

  /** The one problem of a refused upload, which must name this line and column. */
  private static JsonObject onlyProblem(HttpResponse<Buffer> refused) {
    assertEquals(422, refused.statusCode(), refused.bodyAsString());
    JsonArray problems = refused.bodyAsJsonObject().getJsonArray("problems");
    assertEquals(1, problems.size(), problems.encodePrettily());
    return problems.getJsonObject(0);
  }

  @Test
  @DisplayName("a challenge with HV10 and HRC quantities is served with those units, from the folders and through the API")
  void published() {
    JsonArray quantities = live.get("/api/challenges/" + ID, null).bodyAsJsonObject().getJsonArray("quantities");
    assertEquals("HV10", quantities.getJsonObject(0).getString("unit"));
    assertEquals("HRC", quantities.getJsonObject(1).getString("unit"));

    String another = DEFINITION.replace("id: hardness-map", "id: hardness-api");
    HttpResponse<Buffer> created = LiveServer.join(live.client.post("/api/challenges").bearerTokenAuthentication(TestServer.ORGANIZER)
        .putHeader("Content-Type", "application/yaml").sendBuffer(Buffer.buffer(another)));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertEquals("HRC", created.bodyAsJsonObject().getJsonArray("quantities").getJsonObject(1).getString("unit"));

    HttpResponse<Buffer> spaced = LiveServer.join(live.client.post("/api/challenges").bearerTokenAuthentication(TestServer.ORGANIZER)
        .putHeader("Content-Type", "application/yaml").sendBuffer(Buffer.buffer(another.replace("unit: HRC", "unit: \"H RC\""))));
    assertEquals(422, spaced.statusCode(), spaced.bodyAsString());
    assertTrue(spaced.bodyAsString().contains("'H RC' is not a unit"), spaced.bodyAsString());
  }

  @Test
  @DisplayName("a long CSV gives the unit as declared (HV10), or none; it is scored without conversion")
  void sameSymbolOrNone() {
    HttpResponse<Buffer> stored = upload(longCsv("HV10", ""));
    assertEquals(201, stored.statusCode(), stored.bodyAsString());
    // hardness 10 HV10 above each measurement, rockwell equal to it: a conversion anywhere would show in the mae
    JsonObject all = live.asOrganizer(ID, stored.bodyAsJsonObject().getString("id")).getJsonObject("all").getJsonObject("quantities");
    assertEquals(10.0, all.getJsonObject("hardness").getDouble("mae"), 1e-9);
    assertEquals(0.0, all.getJsonObject("rockwell").getDouble("mae"), 1e-9);
  }

  @Test
  @DisplayName("any other unit for an HV10 quantity (HV, hv10, MPa) is refused, naming the line and the unit column")
  void otherUnitsRefused() {
    for (String other : new String[] {"HV", "hv10", "MPa"}) {
      JsonObject problem = onlyProblem(upload(longCsv("HV10", "").replace("H2,hardness,330,HV10", "H2,hardness,330," + other)));
      assertEquals(3, problem.getInteger("line"), problem.encode());
      assertEquals(4, problem.getInteger("column"), problem.encode());
      assertEquals("unit", problem.getString("field"));
      assertTrue(problem.getString("detail").contains("the unit 'HV10' converts to nothing else"), problem.encode());
    }
  }

  @Test
  @DisplayName("a wide CSV names the unit in its header, hardness [HV10]; hardness [HV] is refused at the header's column")
  void wideHeaders() {
    String rows = "H1,310,30\nH2,330,32\nH3,350,34\nH4,370,36\n";
    HttpResponse<Buffer> stored = upload("sample_id,hardness [HV10],rockwell [HRC]\n" + rows);
    assertEquals(201, stored.statusCode(), stored.bodyAsString());
    HttpResponse<Buffer> refused = upload("sample_id,hardness [HV],rockwell\n" + rows);
    assertEquals(422, refused.statusCode(), refused.bodyAsString());
    JsonObject first = refused.bodyAsJsonObject().getJsonArray("problems").getJsonObject(0);
    assertEquals(2, first.getInteger("column"), first.encode());
    assertTrue(first.getString("detail").contains("the unit 'HV10' converts to nothing else"), first.encode());
  }
}

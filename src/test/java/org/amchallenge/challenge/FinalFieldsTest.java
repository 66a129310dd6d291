package org.amchallenge.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.amchallenge.Fixtures;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which fields the reveal makes final, by their names in the definition file. */
class FinalFieldsTest {
  private static final String FIXTURE = new String(Fixtures.resource("challenges/test-tracks.yaml"), StandardCharsets.UTF_8);

  private static Challenge read(String yaml) {
    return ChallengeReader.read(yaml.getBytes(StandardCharsets.UTF_8), true);
  }

  private static List<String> changed(String after) {
    return FinalFields.changed(read(FIXTURE), read(after));
  }

  @Test
  @DisplayName("the words of a challenge, its submission limits and a quantity's display name are not final")
  void wordsAreFree() {
    assertEquals(List.of(), changed(FIXTURE));
    assertEquals(List.of(), changed(FIXTURE.replace("title: Test tracks", "title: Tracks").replace("summary: A small", "summary: A tiny")
        .replace("description: Six tracks", "description: Six single tracks").replace("material: IN625", "material: IN718")
        .replace("process: L-PBF", "process: DED").replace("    weight: 3", "    weight: 3\n    name: Track width")
        + "rules: {max_submissions_per_day: 9, max_submissions_total: 90, max_team_size: 9}\n"));
  }

  @Test
  @DisplayName("dates, split, ranking rules, final selections, quantities and their metrics and weights are final, each named as in the file")
  void scoresAndRanksAreFinal() {
    assertEquals(List.of("closes", "split.seed"), changed(FIXTURE.replace("seed: 42", "seed: 43").replace("closes: 2027", "closes: 2028")));
    assertEquals(List.of("opens", "reveal"), changed(FIXTURE.replace("opens: 2026-01-01", "opens: 2026-01-02").replace("on_close", "manual")));
    assertEquals(List.of("rules.final_selections"), changed(FIXTURE + "rules: {final_selections: 3}\n"));
    assertEquals(List.of("split.public_fraction", "split.by"), changed(FIXTURE.replace("public_fraction: 0.5", "public_fraction: 0.4")
        .replace("by: sample", "by: point")));
    assertEquals(List.of("ranking.min_coverage", "ranking.precision"), changed(FIXTURE.replace("min_coverage: 1.0", "min_coverage: 0.9")
        .replace("precision: 6", "precision: 4")));
    assertEquals(List.of("ranking.ladder", "ranking.bootstrap"), changed(FIXTURE.replace("precision: 6", "precision: 6\n  ladder: true\n  bootstrap: 0")));
    assertEquals(List.of("quantities.width.primary", "quantities.width.weight"), changed(FIXTURE.replace("primary: nrmse", "primary: nmae")
        .replace("    weight: 3", "    weight: 2")));
    assertEquals(List.of("quantities.depth.unit", "quantities.depth.aliases"), changed(FIXTURE.replace("unit: um\n    kind: scalar\n    primary: nmae",
        "unit: mm\n    kind: scalar\n    primary: nmae").replace("aliases: [D]", "aliases: [Depth]")));
    assertEquals(List.of("quantities"), changed(FIXTURE + "  - {id: height, unit: um}\n"));
  }

  @Test
  @DisplayName("other reference data are a change of the final field 'reference'; the same data are none")
  void reference() {
    Challenge challenge = read(FIXTURE);
    assertEquals(List.of("reference"), FinalFields.changed(challenge, "aa", challenge, "bb"));
    assertEquals(List.of("reference"), FinalFields.changed(challenge, null, challenge, "bb"));
    assertEquals(List.of(), FinalFields.changed(challenge, "aa", challenge, "aa"));
  }
}

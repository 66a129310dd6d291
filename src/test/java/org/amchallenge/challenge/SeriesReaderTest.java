package org.amchallenge.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Series files read as challenge files are: every problem with its file, line and column. */
class SeriesReaderTest {
  private static final Set<String> KNOWN = Set.of("c-one", "c-two", "c-three");

  private static List<Problem> problems(String yaml) {
    InvalidInputException invalid = assertThrows(InvalidInputException.class,
        () -> SeriesReader.read(yaml.getBytes(StandardCharsets.UTF_8), true, KNOWN::contains));
    return invalid.problems();
  }

  private static String where(Problem p) {
    return p.line() + ":" + p.column() + " " + p.field();
  }

  @Test
  @DisplayName("a valid series reads with its challenges in order and its ranking; min_challenges defaults to 1")
  void valid() {
    Series series = SeriesReader.read(("id: three\ntitle: Three\nchallenges: [c-two, c-one]\nranking: {method: mean_rank, min_challenges: 2}\n")
        .getBytes(StandardCharsets.UTF_8), true, KNOWN::contains);
    assertEquals(List.of("c-two", "c-one"), series.challenges());
    assertEquals(new Series.Ranking(Series.Method.MEAN_RANK, 2), series.ranking());
    Series plain = SeriesReader.read("{\"id\": \"plain\", \"title\": \"P\", \"challenges\": [\"c-three\"]}".getBytes(StandardCharsets.UTF_8),
        false, KNOWN::contains);
    assertEquals(1, plain.ranking().minChallenges());
  }

  @Test
  @DisplayName("a missing id, an unknown challenge, a bad ranking method and too high a min_challenges are each listed with line and column")
  void everyProblemWithItsLine() {
    List<Problem> problems = problems(String.join("\n",
        "title: Broken",                                    // 1
        "challenges:",                                      // 2
        "  - c-one",                                        // 3
        "  - c-nowhere",                                    // 4
        "  - c-one",                                        // 5
        "ranking:",                                         // 6
        "  method: best_of",                                // 7
        "  min_challenges: 5",                              // 8
        "colour: blue",                                     // 9
        ""));
    List<String> found = new ArrayList<>(problems.stream().map(SeriesReaderTest::where).toList());
    assertEquals(List.of("1:1 id", "4:5 challenges", "5:5 challenges", "7:3 ranking.method", "8:3 ranking.min_challenges", "9:1 colour"),
        found, problems.toString());
    assertTrue(problems.get(1).detail().contains("no challenge 'c-nowhere'"), problems.get(1).detail());
    assertTrue(problems.get(2).detail().contains("listed twice"), problems.get(2).detail());
    assertTrue(problems.get(3).detail().contains("mean_rank"), problems.get(3).detail());
  }

  @Test
  @DisplayName("a syntax error is a problem at its line; a file whose id is not its name is refused at the id")
  void syntaxAndFileName() {
    List<Problem> broken = problems("id: x\nchallenges: [c-one\n");
    assertEquals(1, broken.size());
    assertTrue(broken.get(0).line() >= 2, broken.toString());
    InvalidInputException renamed = assertThrows(InvalidInputException.class, () -> new SeriesFiles.Source("series/other.yaml", "other",
        "title: T\nid: three\nchallenges: [c-one]\n".getBytes(StandardCharsets.UTF_8), true, "sha").read(KNOWN::contains));
    assertEquals("series/other.yaml", renamed.problems().get(0).file());
    assertEquals("2:1 id", where(renamed.problems().get(0)));
  }

  @Test
  @DisplayName("the example series of the repository reads against the example challenges")
  void exampleSeries() throws Exception {
    Set<String> examples = new java.util.HashSet<>();
    ChallengeCatalog.load(Path.of("challenges"), Path.of("reference-data")).forEach(e -> examples.add(e.id()));
    List<Problem> problems = new ArrayList<>();
    List<SeriesFiles.Source> sources = SeriesFiles.read(Path.of("challenges"), problems);
    assertEquals(List.of(), problems);
    assertEquals(List.of("series/afrl-am-modeling-2020.yaml"), sources.stream().map(SeriesFiles.Source::file).toList());
    Series afrl = sources.get(0).read(examples::contains);
    assertEquals(List.of("afrl-c1-residual-strain", "afrl-c2-melt-pool", "afrl-c3-tensile-curves", "afrl-c4-grain-strain"), afrl.challenges());
    assertEquals(2, afrl.ranking().minChallenges());
  }
}

package org.amchallenge.challenge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.amchallenge.Fixtures;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeEntry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SplitAssignmentTest {

  @Test
  @DisplayName("half of the six samples are public, whole samples at a time, and the private part is the rest")
  void fractionBySample() {
    ChallengeEntry entry = Fixtures.entry();
    boolean[] depth = entry.publicRows().get("depth");
    boolean[] width = entry.publicRows().get("width");
    int publicCount = 0;
    for (int i = 0; i < depth.length; i++) {
      if (depth[i]) publicCount++;
      assertEquals(depth[i], width[i], "a sample's quantities fall in one part"); // same sample order in both tables
      assertNotEquals(depth[i], entry.privateRows().get("depth")[i]);
    }
    assertEquals(3, publicCount);
  }

  @Test
  @DisplayName("the same seed gives the same split every time; another seed gives another")
  void seeded() {
    ChallengeEntry first = Fixtures.entry();
    ChallengeEntry again = Fixtures.entry();
    assertArrayEquals(first.publicRows().get("depth"), again.publicRows().get("depth"));
    Challenge c = first.challenge();
    boolean differs = false;
    for (long seed = 1; seed < 20 && !differs; seed++) {
      Challenge reseeded = new Challenge(c.id(), c.title(), c.summary(), c.description(), c.material(), c.process(),
          c.opens(), c.closes(), c.reveal(), c.feedback(), c.rules(), new Challenge.Split(0.5, seed, Challenge.SplitBy.SAMPLE),
          c.ranking(), c.quantities(), c.template());
      Map<String, boolean[]> rows = SplitAssignment.publicRows(reseeded, first.reference());
      differs = !java.util.Arrays.equals(rows.get("depth"), first.publicRows().get("depth"));
    }
    assertEquals(true, differs);
  }
}

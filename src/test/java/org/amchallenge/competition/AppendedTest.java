package org.amchallenge.competition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.amchallenge.domain.SubmissionRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A team's submissions as the boards keep them: a view taken now does not change as the team goes on uploading. */
class AppendedTest {

  private static SubmissionRecord record(int i) {
    return new SubmissionRecord("s" + i, "c1", "t1", "Team", Instant.ofEpochSecond(i), "p.csv", "csv", null, 1, null, "sha", "1", null, false);
  }

  @Test
  @DisplayName("a view holds the submissions at the time it was taken, in order, through the array growing three times; it cannot be changed")
  void viewsStay() {
    Boards.Appended appended = new Boards.Appended();
    List<SubmissionRecord> added = new ArrayList<>();
    List<List<SubmissionRecord>> views = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      SubmissionRecord r = record(i);
      appended.add(r);
      added.add(r);
      if (i % 3 == 0) views.add(appended.upToNow());
    }
    assertEquals(added, appended.upToNow());
    for (int v = 0; v < views.size(); v++) {
      assertEquals(added.subList(0, v * 3 + 1), views.get(v), "the view taken after " + (v * 3 + 1) + " submissions");
    }
    assertThrows(UnsupportedOperationException.class, () -> views.get(0).add(record(99)));
    assertThrows(UnsupportedOperationException.class, () -> views.get(0).set(0, record(99)));
  }
}

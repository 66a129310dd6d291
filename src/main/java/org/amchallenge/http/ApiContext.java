package org.amchallenge.http;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.leaderboard.Boards;
import org.amchallenge.store.Store;
import org.amchallenge.submission.SubmissionService;

/** What the HTTP layer is given: the challenges being served, the services, and the settings it needs. */
public record ApiContext(
    List<ChallengeEntry> challenges,
    Store store,
    SubmissionService submissions,
    Boards boards,
    BoardIntervals intervals,
    String organizerTokenHash,
    Clock clock,
    long maxBodyBytes,
    Path uploadsDir,
    Path challengesDir) {

  public Optional<ChallengeEntry> challenge(String id) {
    return challenges.stream().filter(c -> c.id().equals(id)).findFirst();
  }
}

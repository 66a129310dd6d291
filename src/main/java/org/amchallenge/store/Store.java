package org.amchallenge.store;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Everything the server keeps: teams, submissions with their files and scores, settings. */
public interface Store {

  /** Fails with {@code DuplicateException} where the name is taken. */
  Future<Team> createTeam(Team team, String tokenHash);

  Future<Optional<Team>> teamByTokenHash(String tokenHash);

  /** Stores a submission and its (compressed) file in one transaction; durable once the future succeeds. */
  Future<Void> insertSubmission(SubmissionRecord submission, byte[] compressedFile);

  Future<List<SubmissionRecord>> submissions(String challengeId);

  Future<List<SubmissionRecord>> submissionsOfTeam(String challengeId, String teamId);

  Future<Optional<SubmissionRecord>> submission(String challengeId, String submissionId);

  Future<Optional<byte[]>> submissionFile(String submissionId);

  Future<Optional<String>> setting(String name);

  Future<Void> putSetting(String name, String value);

  Future<Boolean> ping();

  Future<Void> close();

  /** A unique key (a team name) is already taken. */
  class DuplicateException extends RuntimeException {
    public DuplicateException(String message) {
      super(message);
    }
  }
}

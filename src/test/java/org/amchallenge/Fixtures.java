package org.amchallenge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeCatalog;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.challenge.ChallengeReader;
import org.amchallenge.challenge.ReferenceReader;

/** The small test challenge of src/test/resources/fixtures, in memory or copied to a folder. */
public final class Fixtures {
  public static final String CHALLENGE = "test-tracks";

  private Fixtures() {}

  public static byte[] resource(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Challenge challenge() {
    return ChallengeReader.read(resource("challenges/test-tracks.yaml"), true);
  }

  public static ChallengeEntry entry() {
    Challenge challenge = challenge();
    return ChallengeCatalog.entry(challenge, ReferenceReader.read(challenge, resource("reference-data/test-tracks.csv")));
  }

  /** Copies the fixture challenge into {@code dir/challenges} and {@code dir/reference-data}. */
  public static void copyTo(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("challenges"));
    Files.createDirectories(dir.resolve("reference-data"));
    Files.write(dir.resolve("challenges/test-tracks.yaml"), resource("challenges/test-tracks.yaml"));
    Files.write(dir.resolve("reference-data/test-tracks.csv"), resource("reference-data/test-tracks.csv"));
  }

  /** A long CSV predicting every row: depth = measured + dDepth, width = measured + dWidth. */
  public static String predictions(double dDepth, double dWidth) {
    double[] depth = {100, 50, 80, 120, 60, 90};
    double[] width = {200, 100, 150, 210, 120, 170};
    StringBuilder csv = new StringBuilder("sample_id,quantity,value\n");
    for (int i = 0; i < 6; i++) csv.append("S").append(i + 1).append(",depth,").append(depth[i] + dDepth).append('\n');
    for (int i = 0; i < 6; i++) csv.append("S").append(i + 1).append(",width,").append(width[i] + dWidth).append('\n');
    return csv.toString();
  }
}

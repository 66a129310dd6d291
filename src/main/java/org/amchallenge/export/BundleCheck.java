package org.amchallenge.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.amchallenge.domain.Json;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeReader;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceReader;
import org.amchallenge.challenge.SplitAssignment;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.scoring.Evaluation;
import org.amchallenge.scoring.Scorer;
import org.amchallenge.submission.PredictionReader;
import org.amchallenge.submission.SubmissionFormat;

/**
 * Scores every submission of a results bundle again, offline, with this scorer, and compares every figure
 * (each part's score, whether it is ranked, each quantity's metrics) with what the server stored; the files
 * are first checked against the manifest's SHA-256.
 */
public final class BundleCheck {
  private BundleCheck() {}

  /** What the check found: how much was compared, and every difference or broken file. */
  public record Outcome(String challenge, int files, int submissions, long figures,
                        List<String> differences, List<String> problems) {
    public boolean identical() {
      return differences.isEmpty() && problems.isEmpty();
    }
  }

  /** {@code reference} replaces the bundle's reference CSV (null: the bundle's own, which it has after the reveal). */
  public static Outcome check(Path bundle, Path reference) throws IOException {
    try (ZipFile zip = new ZipFile(bundle.toFile())) {
      ResultsBundle.Manifest manifest = Json.MAPPER.readValue(read(zip, ResultsBundle.MANIFEST), ResultsBundle.Manifest.class);
      List<String> problems = new ArrayList<>(checkFiles(zip, manifest));
      if (!Scorer.VERSION.equals(manifest.scorerVersion())) {
        problems.add("the bundle was scored by scorer version " + manifest.scorerVersion() + ", this is version " + Scorer.VERSION);
      }
      byte[] referenceCsv = reference != null ? org.amchallenge.tabular.WholeFile.read(reference) : zip.getEntry(ResultsBundle.REFERENCE) != null
          ? read(zip, ResultsBundle.REFERENCE) : null;
      if (referenceCsv == null) {
        throw new InvalidInputException("the bundle cannot be scored", new org.amchallenge.problem.Problem(bundle.toString(), null, null,
            null, "the bundle has no reference.csv (it was exported before the reveal): pass --reference FILE"));
      }
      Challenge challenge = ChallengeReader.read(read(zip, manifest.definition()), manifest.definition().endsWith(".yaml"));
      ReferenceData data = ReferenceReader.read(challenge, referenceCsv);
      if (!data.sha256().equals(manifest.referenceSha256())) {
        problems.add("the reference's SHA-256 is " + data.sha256() + ", the bundle was scored against " + manifest.referenceSha256());
      }
      Map<String, boolean[]> publicRows = SplitAssignment.publicRows(challenge, data);
      Map<String, boolean[]> privateRows = SplitAssignment.privateRows(publicRows);
      PredictionReader reader = new PredictionReader(challenge, data);
      List<String> differences = new ArrayList<>();
      long figures = 0;
      int submissions = 0;
      for (BundleWriter.FileEntry file : manifest.files()) {
        if (!file.path().startsWith("submissions/") || !file.path().endsWith("/scores.json")) continue;
        String folder = file.path().substring(0, file.path().length() - "scores.json".length());
        ResultsBundle.SubmissionScores stored = Json.MAPPER.readValue(read(zip, file.path()), ResultsBundle.SubmissionScores.class);
        byte[] prediction = read(zip, folder + stored.file());
        SubmissionFormat format = SubmissionFormat.valueOf(stored.format().toUpperCase(java.util.Locale.ROOT));
        Evaluation again = Evaluation.of(challenge, data, publicRows, privateRows, reader.read(format, prediction, null).predictions());
        figures += compare(stored.submission(), stored.publicPart(), ScoreReport.of(challenge.id(), "public", again.publicPart(), data.sha256()), differences);
        figures += compare(stored.submission(), stored.privatePart(), ScoreReport.of(challenge.id(), "private", again.privatePart(), data.sha256()), differences);
        figures += compare(stored.submission(), stored.all(), ScoreReport.of(challenge.id(), "all", again.all(), data.sha256()), differences);
        submissions++;
      }
      if (submissions != manifest.submissions()) {
        problems.add("the manifest names " + manifest.submissions() + " submissions; " + submissions + " were found");
      }
      return new Outcome(manifest.challenge(), manifest.files().size(), submissions, figures, differences, problems);
    }
  }

  /** Every file the manifest lists is there with its SHA-256, and no other is. */
  private static List<String> checkFiles(ZipFile zip, ResultsBundle.Manifest manifest) throws IOException {
    List<String> problems = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (BundleWriter.FileEntry file : manifest.files()) {
      listed.add(file.path());
      if (zip.getEntry(file.path()) == null) {
        problems.add(file.path() + ": listed in the manifest, missing from the bundle");
      } else if (!BundleWriter.sha256(read(zip, file.path())).equals(file.sha256())) {
        problems.add(file.path() + ": its SHA-256 differs from the manifest's");
      }
    }
    zip.stream().filter(entry -> !entry.isDirectory()).map(ZipEntry::getName).filter(name -> !name.equals(ResultsBundle.MANIFEST) && !listed.contains(name))
        .forEach(name -> problems.add(name + ": in the bundle, not in the manifest"));
    return problems;
  }

  /** Compares one part's figures; returns how many were compared. */
  private static int compare(String submission, ScoreReport stored, ScoreReport again, List<String> differences) {
    String where = submission + " " + again.board();
    int figures = 2;
    if (!Objects.equals(stored.score(), again.score())) differences.add(where + " score: stored " + stored.score() + ", now " + again.score());
    if (stored.ranked() != again.ranked()) differences.add(where + " ranked: stored " + stored.ranked() + ", now " + again.ranked());
    for (var quantity : again.quantities().entrySet()) {
      Map<String, Double> before = stored.quantities().getOrDefault(quantity.getKey(), Map.of());
      for (var metric : quantity.getValue().entrySet()) {
        figures++;
        Double was = before.get(metric.getKey());
        if (!Objects.equals(was, metric.getValue())) {
          differences.add(where + " " + quantity.getKey() + "." + metric.getKey() + ": stored " + was + ", now " + metric.getValue());
        }
      }
    }
    return figures;
  }

  private static byte[] read(ZipFile zip, String path) throws IOException {
    ZipEntry entry = zip.getEntry(path);
    if (entry == null) throw new IOException("the bundle has no " + path);
    try (var in = zip.getInputStream(entry)) {
      return in.readAllBytes();
    }
  }
}

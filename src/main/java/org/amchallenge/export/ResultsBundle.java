package org.amchallenge.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.amchallenge.domain.Disqualification;
import java.util.Locale;
import org.amchallenge.domain.Json;
import org.amchallenge.ops.Version;
import org.amchallenge.scoring.Scorer;
import org.amchallenge.scoring.Scores;
import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.tabular.CsvCells;
import org.amchallenge.tabular.Numbers;

/**
 * The results bundle of a challenge, for publication: its definition, its reference data (once revealed),
 * every submission's file, scores and model description, the final and public boards, and a manifest with
 * the scorer's version and every file's SHA-256. Everything in it can be scored again offline with
 * {@code amchallenge score --bundle}.
 */
public final class ResultsBundle {
  public static final String FORMAT = "amchallenge-results/1";
  public static final String MANIFEST = "manifest.json";
  public static final String REFERENCE = "reference.csv";
  public static final String INDEX = "submissions.csv";
  static final ObjectWriter PRETTY = Json.MAPPER.writerWithDefaultPrettyPrinter();
  private static final CsvMapper CSV = CsvMapper.builder()
      .enable(com.fasterxml.jackson.dataformat.csv.CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

  private ResultsBundle() {}

  /** What the bundle says of the challenge; the reference bytes are null before the reveal. */
  public record Header(String challengeId, String title, String status, Instant revealedAt, Instant exportedAt,
                       String definition, boolean definitionIsYaml, byte[] reference, String referenceSha256,
                       String publicBoardCsv, String finalBoardCsv, List<Disqualification> disqualifications,
                       List<SeriesBoard> series, String postRevealBoardCsv) {

    /** A bundle of a challenge without a post-reveal board. */
    public Header(String challengeId, String title, String status, Instant revealedAt, Instant exportedAt, String definition,
                  boolean definitionIsYaml, byte[] reference, String referenceSha256, String publicBoardCsv, String finalBoardCsv,
                  List<Disqualification> disqualifications, List<SeriesBoard> series) {
      this(challengeId, title, status, revealedAt, exportedAt, definition, definitionIsYaml, reference, referenceSha256, publicBoardCsv,
          finalBoardCsv, disqualifications, series, null);
    }

    String definitionFile() {
      return definitionIsYaml ? "challenge.yaml" : "challenge.json";
    }
  }

  /** A series the challenge belongs to, with its board as of the export (public ranks of the challenges not yet revealed). */
  public record SeriesBoard(String id, String title, String boardCsv) {
    String file() {
      return "series/" + id + "-leaderboard.csv";
    }
  }

  /** The manifest: what the bundle is, what made it, and every other file with its size and SHA-256. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Manifest(
      String format,
      String challenge,
      String title,
      String status,
      @JsonProperty("exported_at") Instant exportedAt,
      @JsonProperty("revealed_at") Instant revealedAt,
      @JsonProperty("amchallenge_version") String amchallengeVersion,
      @JsonProperty("scorer_version") String scorerVersion,
      @JsonProperty("reference_sha256") String referenceSha256,
      @JsonProperty("reference_included") boolean referenceIncluded,
      String definition,
      int submissions,
      List<String> series,
      List<BundleWriter.FileEntry> files) {}

  /** A submission's scores in the bundle: each part at full precision, and what the boards made of them. */
  public record SubmissionScores(
      String submission,
      String team,
      @JsonProperty("submitted_at") Instant submittedAt,
      String file,
      @JsonProperty("original_file_name") String originalFileName,
      String format,
      boolean selected,
      @JsonProperty("released_score") Double releasedScore,
      @JsonProperty("scorer_version") String scorerVersion,
      @JsonProperty("reference_sha256") String referenceSha256,
      @JsonProperty("public") ScoreReport publicPart,
      @JsonProperty("private") ScoreReport privatePart,
      ScoreReport all) {}

  public static void writeHead(BundleWriter bundle, Header header) {
    bundle.add(header.definitionFile(), header.definition().getBytes(StandardCharsets.UTF_8));
    if (header.reference() != null) bundle.add(REFERENCE, header.reference());
    bundle.add("leaderboard-public.csv", header.publicBoardCsv().getBytes(StandardCharsets.UTF_8));
    bundle.add("leaderboard-final.csv", header.finalBoardCsv().getBytes(StandardCharsets.UTF_8));
    if (!header.disqualifications().isEmpty()) bundle.add(DISQUALIFICATIONS, disqualificationsCsv(header.disqualifications()));
    header.series().forEach(series -> bundle.add(series.file(), series.boardCsv().getBytes(StandardCharsets.UTF_8)));
    if (header.postRevealBoardCsv() != null) bundle.add(POST_REVEAL, header.postRevealBoardCsv().getBytes(StandardCharsets.UTF_8));
    bundle.add("README.md", readme(header).getBytes(StandardCharsets.UTF_8));
  }

  /** The post-reveal benchmark board as it stood at the export, each row dated; the competition's files do not depend on it. */
  public static final String POST_REVEAL = "leaderboard-post-reveal.csv";
  /** The ranking analysis of the final board (SPEC "Ranking analysis"): its JSON, a page that needs no server, and challengeR's table. */
  public static void writeAnalysis(BundleWriter bundle, byte[] json, byte[] html, byte[] challengerCsv) {
    bundle.add("analysis.json", json);
    bundle.add("analysis.html", html);
    bundle.add("challenger.csv", challengerCsv);
  }

  /**
   * {@code methods.csv}: each submission's method card, one column per field of the form, the fields the exporting caller
   * may read (an organizer all; anyone else after the reveal, those shown always or after the reveal).
   */
  public static void writeMethods(BundleWriter bundle, org.amchallenge.challenge.MethodForm form, List<SubmissionRecord> submissions,
                                  boolean organizer, boolean revealed) {
    java.io.StringWriter out = new java.io.StringWriter();
    try (SequenceWriter writer = CSV.writer().writeValues(out)) {
      List<String> header = new java.util.ArrayList<>(List.of("submission", "team"));
      form.fields().forEach(f -> header.add(f.id()));
      writer.write(header);
      for (SubmissionRecord s : submissions) {
        java.util.Map<String, Object> card = form.shown(s.method(), organizer, revealed);
        if (card == null || card.isEmpty()) continue;
        List<String> row = new java.util.ArrayList<>(List.of(s.id(), CsvCells.neutralized(s.teamName())));
        form.fields().forEach(f -> row.add(cardCell(card.get(f.id()))));
        writer.write(row);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    bundle.add("methods.csv", out.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A card's value as a cell: a list of options joined by "; ", text neutralised against a spreadsheet's formulas. */
  private static String cardCell(Object value) {
    if (value == null) return "";
    if (value instanceof List<?> list) return String.join("; ", list.stream().map(String::valueOf).toList());
    if (value instanceof Double number) return org.amchallenge.tabular.Numbers.shortest(number);
    return CsvCells.neutralized(String.valueOf(value));
  }

  /** What organizers took out of the rankings: the submissions it names are not in the bundle's boards nor its submissions. */
  public static final String DISQUALIFICATIONS = "disqualifications.csv";

  private static byte[] disqualificationsCsv(List<Disqualification> disqualifications) {
    java.io.StringWriter out = new java.io.StringWriter();
    try (SequenceWriter writer = CSV.writer().writeValues(out)) {
      writer.write(List.of("submission", "team", "reason", "at"));
      for (Disqualification d : disqualifications) {
        writer.write(List.of(d.submissionId() == null ? "" : d.submissionId(), CsvCells.neutralized(d.teamName()),
            CsvCells.neutralized(d.reason()), d.at().toString()));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static String folder(SubmissionRecord submission) {
    return "submissions/" + submission.id() + "/";
  }

  public static String predictionFile(SubmissionRecord submission) {
    return folder(submission) + "prediction." + submission.format().toLowerCase(Locale.ROOT);
  }

  /** A submission's file as uploaded, its scores, and its model description where it has one. */
  public static void writeSubmission(BundleWriter bundle, SubmissionRecord submission, byte[] file) {
    bundle.add(predictionFile(submission), file);
    bundle.add(folder(submission) + "scores.json", json(scoresOf(submission)));
    if (submission.description() != null && !submission.description().isBlank()) {
      bundle.add(folder(submission) + "description.md", submission.description().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The index of the submissions, then the manifest; the bundle is complete after this. */
  public static void finish(BundleWriter bundle, Header header, List<SubmissionRecord> submissions) {
    bundle.add(INDEX, index(submissions).getBytes(StandardCharsets.UTF_8));
    Manifest manifest = new Manifest(FORMAT, header.challengeId(), header.title(), header.status(), header.exportedAt(),
        header.revealedAt(), Version.NUMBER, Scorer.VERSION, header.referenceSha256(), header.reference() != null,
        header.definitionFile(), submissions.size(), header.series().stream().map(SeriesBoard::id).toList(), bundle.files());
    bundle.finish(json(manifest));
  }

  static SubmissionScores scoresOf(SubmissionRecord s) {
    String id = s.challengeId();
    return new SubmissionScores(s.id(), s.teamName(), s.submittedAt(), predictionFile(s).substring(folder(s).length()), s.fileName(),
        s.format().toLowerCase(Locale.ROOT), s.selected(), s.releasedScore(), s.scorerVersion(), s.referenceSha256(),
        ScoreReport.of(id, "public", s.evaluation().publicPart(), s.referenceSha256()),
        ScoreReport.of(id, "private", s.evaluation().privatePart(), s.referenceSha256()),
        ScoreReport.of(id, "all", s.evaluation().all(), s.referenceSha256()));
  }

  private static String index(List<SubmissionRecord> submissions) {
    StringWriter out = new StringWriter();
    try (SequenceWriter writer = CSV.writer().writeValues(out)) {
      writer.write(List.of("submission", "team", "submitted_at", "file", "original_file_name", "rows", "selected",
          "public_score", "released_score", "private_score", "all_score", "ranked", "scorer_version", "reference_sha256"));
      for (SubmissionRecord s : submissions) {
        writer.write(List.of(s.id(), CsvCells.neutralized(s.teamName()), s.submittedAt().toString(), predictionFile(s),
            s.fileName() == null ? "" : CsvCells.neutralized(s.fileName()), s.rows(), s.selected(),
            text(s.evaluation().publicPart()), number(s.releasedScore()), text(s.evaluation().privatePart()),
            text(s.evaluation().all()), s.evaluation().privatePart().ranked(), s.scorerVersion(), s.referenceSha256()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static String text(Scores scores) {
    return number(scores.score());
  }

  private static String number(Double value) {
    return value == null || !Double.isFinite(value) ? "" : Numbers.shortest(value);
  }

  static byte[] json(Object value) {
    try {
      return PRETTY.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  private static String readme(Header header) {
    String reference = header.reference() != null
        ? "- `reference.csv`: the measurements every score was computed against (SHA-256 `" + header.referenceSha256() + "`).\n"
        : "- no `reference.csv`: this bundle was exported before the reveal; the measurements stay on the server until then.\n";
    return "# Results of " + header.challengeId() + ": " + header.title() + "\n\n"
        + "Exported " + header.exportedAt() + " by amchallenge " + Version.NUMBER + " (scorer version " + Scorer.VERSION + ").\n\n"
        + "- `" + header.definitionFile() + "`: the challenge definition as the organizer wrote it.\n"
        + reference
        + "- `leaderboard-final.csv`: the final ranking (each team's selected submissions, or its best, on the private part).\n"
        + "- `leaderboard-public.csv`: the public board as it stood at the export.\n"
        + (header.postRevealBoardCsv() == null ? "" : "- `" + POST_REVEAL + "`: the post-reveal benchmark board as of " + header.exportedAt()
            + " (uploads after the reveal, scored on all rows, each with its date; not part of the competition, and its submissions are "
            + "not in this bundle).\n")
        + "- `submissions.csv`: every submission, with its scores on the public part, the private part and all rows.\n"
        + "- `analysis.json`, `analysis.html`: how far the final ranking can be trusted (other ranking methods, paired tests, bootstrap).\n"
        + "- `challenger.csv`: each ranked team's per-sample losses on the private part, as challengeR reads them.\n"
        + "- `methods.csv`: each submission's method card (the fields the exporter may read), one column per field.\n"
        + (header.disqualifications().isEmpty() ? "" : "- `disqualifications.csv`: what the organizers disqualified, with the reason; "
            + "those submissions are in no board and not in this bundle.\n")
        + header.series().stream().map(series -> "- `" + series.file() + "`: the board of the series " + series.id() + " (" + series.title()
            + ") this challenge belongs to, as it stood at the export: each challenge's final ranks where it was revealed, its public "
            + "ranks before.\n").collect(java.util.stream.Collectors.joining())
        + "- `submissions/<id>/`: the file as uploaded (`prediction.*`), `scores.json` (full precision), `description.md`.\n"
        + "- `manifest.json`: every file with its size and SHA-256.\n\n"
        + "Score everything again and compare, with the same scorer:\n\n"
        + "    java -jar amchallenge.jar score --bundle " + header.challengeId() + "-results.zip\n\n"
        + "or one file, on all rows:\n\n"
        + "    java -jar amchallenge.jar score --challenge " + header.definitionFile() + " --reference reference.csv submissions/<id>/prediction.csv\n";
  }
}

package org.amchallenge.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeReader;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceReader;
import org.amchallenge.scoring.ErrorMetrics;
import org.amchallenge.scoring.Predictions;
import org.amchallenge.submission.PredictionReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** JMH benchmarks of the scoring core and the parser, on a 1,000,000-row file shaped like the targets' (34 bytes a row). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CoreJmh {
  static final int ROWS = 1_000_000;
  static final String CHALLENGE = String.join("\n", "id: jmh", "title: JMH", "opens: 2020-01-01T00:00:00Z", "closes: 2099-01-01T00:00:00Z",
      "quantities:", "  - id: melt_pool_depth", "    unit: um", "    primary: nmae", "");

  byte[] file;
  Challenge challenge;
  ReferenceData reference;
  ErrorMetrics.Input input;

  /** The files of the targets: reference and predictions, 1,000,000 rows each. */
  static String[] files(int rows) {
    Random random = new Random(7);
    StringBuilder reference = new StringBuilder(40 * rows).append("sample_id,quantity,value,uncertainty\n");
    StringBuilder predictions = new StringBuilder(35 * rows).append("sample_id,quantity,value\n");
    for (int i = 0; i < rows; i++) {
      String sample = "S" + (1_000_000 + i);
      double measured = Math.round((50 + 100 * random.nextDouble()) * 1e6) / 1e6;
      reference.append(sample).append(",melt_pool_depth,").append(measured).append(",4.0\n");
      predictions.append(sample).append(",melt_pool_depth,").append(Math.round((measured + random.nextGaussian() * 5) * 1e6) / 1e6).append('\n');
    }
    return new String[] {reference.toString(), predictions.toString()};
  }

  @Setup
  public void setUp() {
    String[] files = files(ROWS);
    challenge = ChallengeReader.read(CHALLENGE.getBytes(StandardCharsets.UTF_8), true);
    reference = ReferenceReader.read(challenge, files[0].getBytes(StandardCharsets.UTF_8));
    file = files[1].getBytes(StandardCharsets.UTF_8);
    Predictions parsed = parse();
    double[] weights = new double[ROWS];
    Arrays.fill(weights, 1);
    double[] none = new double[ROWS];
    Arrays.fill(none, Double.NaN);
    var table = reference.table("melt_pool_depth");
    input = new ErrorMetrics.Input(parsed.column("melt_pool_depth").values(), none, table.values(), table.uncertainties(),
        weights, new boolean[ROWS], null, null, null);
  }

  @Benchmark
  public Predictions parse() {
    return new PredictionReader(challenge, reference).readCsv(new ByteArrayInputStream(file), null).predictions();
  }

  @Benchmark
  public Object metrics() {
    return ErrorMetrics.compute(input);
  }
}

package org.amchallenge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.zip.ZipFile;
import org.amchallenge.domain.Json;
import org.amchallenge.export.ResultsBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Download a challenge's results bundle (a zip): the definition, the reference data once revealed, every "
        + "submission's file, scores and description, the final and public boards, and a manifest with each file's SHA-256.",
        "The organizer's token at any time; anyone's after the reveal. Check it with: amchallenge score --bundle FILE"},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:written", "2:wrong usage", "3:the server could not be reached, or failed",
        "4:refused: no such challenge, or not revealed and not the organizer's token"})
public final class ExportCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Parameters(paramLabel = "ID", description = "the challenge id")
  String challenge;

  @Option(names = {"-o", "--output"}, description = "where to write the bundle (default ID-results.zip)")
  Path output;

  @Option(names = "--progress", negatable = true, description = "show a progress bar (default: for 1 MiB or more on a terminal)")
  Boolean progress;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path target = output != null ? output : Path.of(challenge + "-results.zip");
    int code = Downloads.fetch(new ApiClient(client.server(), client.token()), "/api/challenges/" + challenge + "/export", target, progress);
    if (code != ExitCodes.OK) return code;
    try (ZipFile zip = new ZipFile(target.toFile())) {
      ResultsBundle.Manifest manifest = Json.MAPPER.readValue(zip.getInputStream(zip.getEntry(ResultsBundle.MANIFEST)).readAllBytes(),
          ResultsBundle.Manifest.class);
      System.out.printf("wrote %s (%s): %d submissions, %d files, reference %s, scorer %s%n", target, ProgressBar.size(Files.size(target)),
          manifest.submissions(), manifest.files().size() + 1,
          manifest.referenceIncluded() ? "included" : "held out until the reveal", manifest.scorerVersion());
    }
    return ExitCodes.OK;
  }
}

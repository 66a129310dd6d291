package org.amchallenge.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "template", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Write a challenge's blank submission template: CSV (long form, every expected row) or XLSX (the challenge's own layout).",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:written", "2:wrong usage", "3:the server could not be reached, or failed", "4:no such challenge"})
public final class TemplateCommand implements Callable<Integer> {
  enum Format { csv, xlsx }

  @Mixin
  ClientOptions client;

  @Parameters(paramLabel = "ID", description = "the challenge id")
  String challenge;

  @Option(names = "--format", defaultValue = "csv", description = "csv or xlsx (default ${DEFAULT-VALUE})")
  Format format;

  @Option(names = {"-o", "--output"}, description = "where to write it (default ID-template.csv or .xlsx)")
  Path output;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path target = output != null ? output : Path.of(challenge + "-template." + format);
    int code = Downloads.fetch(new ApiClient(client.server(), client.token()), "/api/challenges/" + challenge + "/template." + format, target, false);
    if (code == ExitCodes.OK) System.out.println("wrote " + target);
    return code;
  }
}

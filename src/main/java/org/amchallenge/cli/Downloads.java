package org.amchallenge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A file fetched from the server into a path: written beside it first, moved into place once whole. */
final class Downloads {
  private Downloads() {}

  /** The exit code; on success the file is at {@code target}. */
  static int fetch(ApiClient api, String path, Path target, Boolean progress) throws IOException, InterruptedException {
    HttpResponse<InputStream> response = api.send(api.request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    if (response == null) return ExitCodes.UNREACHABLE;
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        ApiClient.printProblems(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), null, System.err);
        return ExitCodes.ofStatus(response.statusCode());
      }
      long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      ProgressBar bar = length > 0 && ProgressBar.wanted(length, progress)
          ? new ProgressBar(System.err, "downloading " + target.getFileName(), length) : null;
      Path parent = target.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path partial = Files.createTempFile(parent, "." + target.getFileName(), ".part");
      try (OutputStream out = Files.newOutputStream(partial)) {
        (bar == null ? in : bar.counting(in)).transferTo(out);
      } catch (IOException e) {
        Files.deleteIfExists(partial);
        throw e;
      }
      if (bar != null) bar.finish();
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return ExitCodes.OK;
    }
  }

}

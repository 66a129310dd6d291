package org.amchallenge;

import org.amchallenge.ops.Version;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeCatalog;
import org.amchallenge.challenge.ChallengeReader;
import org.amchallenge.challenge.ReferenceData;
import org.amchallenge.challenge.ReferenceReader;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.scoring.Scorer;
import org.amchallenge.scoring.Scores;
import org.amchallenge.submission.ParsedSubmission;
import org.amchallenge.submission.PredictionReader;
import org.amchallenge.submission.SubmissionFormat;
import org.amchallenge.tabular.WholeFile;
import org.amchallenge.cli.BackupCommand;
import org.amchallenge.cli.ExitCodes;
import org.amchallenge.cli.MigrateCommand;
import org.amchallenge.cli.RestoreCommand;
import org.amchallenge.cli.ExportCommand;
import org.amchallenge.cli.LeaderboardCommand;
import org.amchallenge.cli.LoginCommand;
import org.amchallenge.cli.LogoutCommand;
import org.amchallenge.cli.ProblemLines;
import org.amchallenge.cli.PublishCommand;
import org.amchallenge.cli.CloseCommand;
import org.amchallenge.cli.RevealCommand;
import org.amchallenge.cli.ParticipantsCommand;
import org.amchallenge.cli.DisqualifyCommand;
import org.amchallenge.cli.BaselineCommand;
import org.amchallenge.cli.SubmissionsCommand;
import org.amchallenge.cli.RegisterCommand;
import org.amchallenge.cli.SubmitCommand;
import org.amchallenge.cli.TeamCommand;
import org.amchallenge.cli.TemplateCommand;
import org.amchallenge.export.BundleCheck;
import org.amchallenge.export.ScoreReport;
import org.amchallenge.challenge.SplitAssignment;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The command line: the server, the offline scorer and checks, and the client commands of competitors and organizers. */
@Command(name = "amchallenge", mixinStandardHelpOptions = true, versionProvider = Main.Versions.class,
    description = "Modeling challenges for metal additive manufacturing: scores at once, live leaderboards.",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:success",
        "1:invalid input, every problem printed (or a rescored bundle differs)",
        "2:wrong usage (an unknown option, a missing argument or token)",
        "3:the server could not be reached, or failed",
        "4:the server refused (token, permission, not found, a limit, a closed challenge)"})
public final class Main implements Callable<Integer> {
  static final int INVALID = ExitCodes.INVALID;

  /** What --version prints: the pom's version, read at run time (no longer a constant an annotation could hold). */
  static final class Versions implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"amchallenge " + Version.NUMBER + ", scorer " + Scorer.VERSION};
    }
  }

  public static void main(String[] args) {
    // the JDK keeps, per thread, a direct buffer as large as the largest heap buffer written to a file or socket
    // through it, and H2 writes a large upload in one: the cache is capped, so that larger writes use a buffer
    // freed after them and the worker threads do not hold direct memory until an upload fails for want of it
    if (System.getProperty("jdk.nio.maxCachedBufferSize") == null) System.setProperty("jdk.nio.maxCachedBufferSize", "1048576");
    // AMC_LOG_FORMAT=json: structured logs, one JSON object a line; read before the first logger is made
    if ("json".equalsIgnoreCase(System.getenv("AMC_LOG_FORMAT")) && System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
    System.exit(run(args));
  }

  /** Runs the command these arguments name and gives its exit code; the offline scorer's usual form does not wait for picocli. */
  public static int run(String... args) {
    Score score = Score.plainly(args);
    if (score != null) {
      try {
        return score.call();
      } catch (Exception e) {
        // the failure is written as picocli writes it, by running the command again through picocli
      }
    }
    return commandLine(args).execute(args);
  }

  /** The subcommands by name, each made only when wanted. */
  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> all = new java.util.LinkedHashMap<>();
    all.put("serve", Serve::new);
    all.put("score", Score::new);
    all.put("validate", Validate::new);
    all.put("submit", SubmitCommand::new);
    all.put("leaderboard", LeaderboardCommand::new);
    all.put("series", org.amchallenge.cli.SeriesCommand::new);
    all.put("analysis", org.amchallenge.cli.AnalysisCommand::new);
    all.put("export", ExportCommand::new);
    all.put("template", TemplateCommand::new);
    all.put("login", LoginCommand::new);
    all.put("logout", LogoutCommand::new);
    all.put("publish", PublishCommand::new);
    all.put("close", CloseCommand::new);
    all.put("reveal", RevealCommand::new);
    all.put("participants", ParticipantsCommand::new);
    all.put("disqualify", DisqualifyCommand::new);
    all.put("baseline", BaselineCommand::new);
    all.put("submissions", SubmissionsCommand::new);
    all.put("register", RegisterCommand::new);
    all.put("team", TeamCommand::new);
    all.put("backup", BackupCommand::new);
    all.put("restore", RestoreCommand::new);
    all.put("migrate", MigrateCommand::new);
    return all;
  }

  /**
   * The command line for these arguments: where the first names a subcommand, only that one's model is built
   * (picocli builds each by reflection, which a short `score` run should not pay for the others); else all,
   * for the usage, the version and the message about an unknown command.
   */
  public static CommandLine commandLine(String... args) {
    CommandLine line = new CommandLine(new Main());
    String first = args.length == 0 ? null : args[0];
    Map<String, Supplier<Object>> subcommands = subcommands();
    subcommands.forEach((name, make) -> {
      if (first == null || !subcommands.containsKey(first) || first.equals(name)) line.addSubcommand(name, make.get());
    });
    return line;
  }

  @Override
  public Integer call() {
    commandLine().usage(System.out);
    return 0;
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Run the server: challenges from --challenges, measurements from --reference, an embedded database under --data.")
  static final class Serve implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "${env:AMC_PORT:-8080}", description = "HTTP port (AMC_PORT; default ${DEFAULT-VALUE})")
    int port;
    @Option(names = "--host", defaultValue = "${env:AMC_HOST:-0.0.0.0}", description = "address to listen on (AMC_HOST; default ${DEFAULT-VALUE})")
    String host;
    @Option(names = "--data", defaultValue = "${env:AMC_DATA:-./data}", description = "folder of the embedded database (AMC_DATA; default ${DEFAULT-VALUE})")
    Path data;
    @Option(names = "--challenges", defaultValue = "${env:AMC_CHALLENGES:-./challenges}", description = "challenge definitions (AMC_CHALLENGES; default ${DEFAULT-VALUE})")
    Path challenges;
    @Option(names = "--reference", defaultValue = "${env:AMC_REFERENCE:-./reference-data}", description = "reference CSVs (AMC_REFERENCE; default ${DEFAULT-VALUE})")
    Path reference;
    @Option(names = "--db", defaultValue = "${env:AMC_DB}", description = "database URL (AMC_DB); default: the embedded database under --data")
    String db;
    @Option(names = {"--organizer-token", "--admin-token"}, defaultValue = "${env:AMC_ORGANIZER_TOKEN}", description = "the site admin's token, also called the organizer token (AMC_ORGANIZER_TOKEN); default: made and printed at first start")
    String organizerToken;
    @Option(names = "--max-body", defaultValue = "${env:AMC_MAX_BODY:-67108864}", description = "largest request body in bytes (AMC_MAX_BODY; default ${DEFAULT-VALUE}, 64 MiB)")
    long maxBody;
    @Option(names = "--max-rows", defaultValue = "${env:AMC_MAX_ROWS:-2000000}", description = "most rows in one uploaded file (AMC_MAX_ROWS; default ${DEFAULT-VALUE})")
    long maxRows;
    @Option(names = "--max-cells", defaultValue = "${env:AMC_MAX_CELLS:-1000000}", description = "most cells in one uploaded workbook (AMC_MAX_CELLS; default ${DEFAULT-VALUE})")
    long maxCells;
    @Option(names = "--upload-timeout", defaultValue = "${env:AMC_UPLOAD_TIMEOUT:-120}", description = "seconds an upload's body may take to arrive; a slower client is cut off (AMC_UPLOAD_TIMEOUT; default ${DEFAULT-VALUE})")
    int uploadTimeout;
    @Option(names = "--rate-limit", defaultValue = "${env:AMC_RATE_LIMIT:-600}", description = "requests per team (or organizer) per minute on each node, then 429; 0 for none (AMC_RATE_LIMIT; default ${DEFAULT-VALUE})")
    int rateLimit;
    @Option(names = "--address-rate-limit", defaultValue = "${env:AMC_ADDRESS_RATE_LIMIT:-1200}", description = "requests per client address per minute on each node, anonymous or with a token not known to be a team's, then 429; 0 for none (AMC_ADDRESS_RATE_LIMIT; default ${DEFAULT-VALUE})")
    int addressRateLimit;
    @Option(names = "--team-uploads", defaultValue = "${env:AMC_TEAM_UPLOADS:-4}", description = "uploads of one team at once on each node, then 429 (AMC_TEAM_UPLOADS; default ${DEFAULT-VALUE})")
    int teamUploads;
    @Option(names = "--team-registrations", defaultValue = "${env:AMC_TEAM_REGISTRATIONS:-30}", description = "team registrations per client address per hour on each node, then 429; 0 for none (AMC_TEAM_REGISTRATIONS; default ${DEFAULT-VALUE})")
    int teamRegistrations;
    @Option(names = "--event-streams", defaultValue = "${env:AMC_EVENT_STREAMS:-2000}", description = "leaderboard event-stream clients on each node, then 429; 0 for no limit (AMC_EVENT_STREAMS; default ${DEFAULT-VALUE})")
    int eventStreams;
    @Option(names = "--event-streams-per-address", defaultValue = "${env:AMC_EVENT_STREAMS_PER_ADDRESS:-32}", description = "leaderboard event-stream clients per client address on each node, then 429; 0 for no limit (AMC_EVENT_STREAMS_PER_ADDRESS; default ${DEFAULT-VALUE})")
    int eventStreamsPerAddress;
    @Option(names = "--header-timeout", defaultValue = "${env:AMC_HEADER_TIMEOUT:-20}", description = "seconds for a request's head to arrive, from the connection's opening or the previous answer, then the connection is closed; 0 for none (AMC_HEADER_TIMEOUT; default ${DEFAULT-VALUE})")
    int headerTimeout;
    @Option(names = "--behind-proxy", defaultValue = "${env:AMC_BEHIND_PROXY:-false}", description = "one proxy in front appends the client's address to X-Forwarded-For: the limits per address count the last one (AMC_BEHIND_PROXY)")
    boolean behindProxy;
    @Option(names = "--metrics-token", defaultValue = "${env:AMC_METRICS_TOKEN}", description = "a token that reads /metrics (AMC_METRICS_TOKEN); the organizer's token reads it too")
    String metricsToken;
    @Option(names = "--metrics-port", defaultValue = "${env:AMC_METRICS_PORT}", description = "serve /metrics on this port only, on --metrics-host, without a token unless --metrics-token is set (AMC_METRICS_PORT); default: on --port, to the bearer of a token")
    Integer metricsPort;
    @Option(names = "--metrics-host", defaultValue = "${env:AMC_METRICS_HOST:-127.0.0.1}", description = "the address --metrics-port listens on (AMC_METRICS_HOST; default ${DEFAULT-VALUE})")
    String metricsHost;
    @Option(names = "--cluster", defaultValue = "${env:AMC_CLUSTER:-false}", description = "join the other nodes through the clustered event bus (AMC_CLUSTER); all nodes on the same PostgreSQL --db")
    boolean cluster;
    @Option(names = "--cluster-host", defaultValue = "${env:AMC_CLUSTER_HOST:-127.0.0.1}", description = "this node's address for the cluster (AMC_CLUSTER_HOST; default ${DEFAULT-VALUE})")
    String clusterHost;
    @Option(names = "--cluster-port", defaultValue = "${env:AMC_CLUSTER_PORT:-5701}", description = "this node's Hazelcast port (AMC_CLUSTER_PORT; default ${DEFAULT-VALUE})")
    int clusterPort;
    @Option(names = "--cluster-members", defaultValue = "${env:AMC_CLUSTER_MEMBERS:-}", split = ",", description = "the nodes to join, host:port,... found by TCP, no multicast (AMC_CLUSTER_MEMBERS)")
    List<String> clusterMembers;
    @Option(names = "--webhooks-allow-private", defaultValue = "${env:AMC_WEBHOOKS_ALLOW_PRIVATE:-false}", description = "let webhooks go to loopback, link-local and private addresses, e.g. a receiver on this machine (AMC_WEBHOOKS_ALLOW_PRIVATE; default ${DEFAULT-VALUE})")
    boolean webhooksAllowPrivate;
    @Option(names = "--watch-seconds", defaultValue = "${env:AMC_WATCH_SECONDS:-2}", description = "how often the challenge folders are looked at for new and changed files while the server runs; 0: only at start (AMC_WATCH_SECONDS; default ${DEFAULT-VALUE})")
    double watchSeconds;
    @Option(names = "--admins", defaultValue = "${env:AMC_ADMINS:-}", split = ",", description = "the emails of the accounts that are site admins, beside the holder of the admin token (AMC_ADMINS)")
    List<String> admins;
    @Option(names = "--public-url", defaultValue = "${env:AMC_PUBLIC_URL}", description = "the address browsers reach this server at, e.g. https://challenges.example.org, for links in mails and sign-in redirects (AMC_PUBLIC_URL; default http://localhost:--port)")
    String publicUrl;
    @Option(names = "--smtp-host", defaultValue = "${env:AMC_SMTP_HOST}", description = "the SMTP server that sends the links to verify emails and reset passwords (AMC_SMTP_HOST); default: none, emails are not verified and passwords are not reset by link")
    String smtpHost;
    @Option(names = "--smtp-port", defaultValue = "${env:AMC_SMTP_PORT:-587}", description = "its port (AMC_SMTP_PORT; default ${DEFAULT-VALUE})")
    int smtpPort;
    @Option(names = "--smtp-user", defaultValue = "${env:AMC_SMTP_USER}", description = "the user to log in to it as (AMC_SMTP_USER); default: no login")
    String smtpUser;
    @Option(names = "--smtp-password", defaultValue = "${env:AMC_SMTP_PASSWORD}", description = "that user's password (AMC_SMTP_PASSWORD, which other users of the machine cannot read as they can a command line)")
    String smtpPassword;
    @Option(names = "--smtp-from", defaultValue = "${env:AMC_SMTP_FROM}", description = "the mails' sender (AMC_SMTP_FROM); default: amchallenge@ the public URL's host")
    String smtpFrom;
    @Option(names = "--smtp-starttls", defaultValue = "${env:AMC_SMTP_STARTTLS:-false}", description = "send only over STARTTLS, never in the clear (AMC_SMTP_STARTTLS); without it, STARTTLS is used where the server offers it")
    boolean smtpStartTls;
    @Option(names = "--oidc", defaultValue = "${env:AMC_OIDC:-}", split = ",", paramLabel = "NAME=ISSUER",
        description = "an OpenID Connect provider to sign in with, e.g. orcid=https://orcid.org (repeat, or comma-separate in AMC_OIDC); "
            + "its client from AMC_OIDC_<NAME>_CLIENT_ID and AMC_OIDC_<NAME>_CLIENT_SECRET, optional AMC_OIDC_<NAME>_SCOPES and "
            + "AMC_OIDC_<NAME>_ORCID (see the site's sign-in page); the redirect URI to register is <public-url>/auth/oidc/<NAME>/callback")
    List<String> oidc;

    /** Admins, mail and sign-in providers, from the options. */
    org.amchallenge.people.PeopleConfig people() {
      java.util.Set<String> adminKeys = admins == null ? java.util.Set.of() : admins.stream().map(String::strip).filter(a -> !a.isEmpty())
          .map(org.amchallenge.domain.Account::emailKey).collect(java.util.stream.Collectors.toUnmodifiableSet());
      String url = publicUrl == null || publicUrl.isBlank() ? "http://localhost:" + port : publicUrl.strip().replaceAll("/+$", "");
      return org.amchallenge.people.PeopleConfig.DEFAULT.withAdmins(adminKeys).withPublicUrl(url).withMail(mail(url))
          .withProviders(org.amchallenge.people.OidcProvider.fromOptions(oidc, System.getenv()));
    }

    /** The SMTP server, where --smtp-host names one. */
    private org.amchallenge.people.MailConfig mail(String url) {
      if (smtpHost == null || smtpHost.isBlank()) return null;
      String from = smtpFrom == null || smtpFrom.isBlank() ? org.amchallenge.people.MailLinks.defaultSender(url) : smtpFrom.strip();
      return new org.amchallenge.people.MailConfig(smtpHost.strip(), smtpPort, smtpUser, smtpPassword, from, smtpStartTls);
    }

    @Override
    public Integer call() throws InterruptedException {
      org.amchallenge.people.PeopleConfig people;
      try {
        people = people();
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return ExitCodes.USAGE;
      }
      ServerConfig config = new ServerConfig(host, port, data, challenges, reference, db, organizerToken, maxBody, Clock.systemUTC(),
          cluster ? new ServerConfig.Cluster(clusterHost, clusterPort, clusterMembers == null ? List.of()
              : clusterMembers.stream().map(String::strip).filter(m -> !m.isEmpty()).toList()) : null,
          new org.amchallenge.ops.Limits(maxRows, maxCells, uploadTimeout, rateLimit, teamUploads, addressRateLimit, teamRegistrations,
              eventStreams, eventStreamsPerAddress, headerTimeout, behindProxy),
          new org.amchallenge.ops.MetricsAccess(metricsToken, metricsPort == null ? org.amchallenge.ops.MetricsAccess.ON_API_PORT : metricsPort,
              metricsHost), webhooksAllowPrivate, people, Math.max(0, Math.round(watchSeconds * 1000)));
      CountDownLatch stopped = new CountDownLatch(1);
      var started = Server.start(config).toCompletionStage().toCompletableFuture();
      try {
        Server server = started.join();
        // SIGTERM: the uploads in flight are answered before the node stops
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.drainAndClose().toCompletionStage().toCompletableFuture().join()));
        stopped.await();
        return 0;
      } catch (java.util.concurrent.CompletionException e) {
        Throwable cause = e.getCause();
        System.err.println(cause instanceof InvalidInputException invalid ? invalid.describe() : "cannot start: " + cause.getMessage());
        return INVALID;
      }
    }
  }

  @Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Score a prediction file offline, with the server's code, and print the score JSON at full precision: "
          + "all rows by default (no split), or one board's part with --board.",
          "With --bundle, score every submission of a results bundle again and compare every figure with the stored one."},
      exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
          "0:scored (with --bundle: every figure equal, every file as the manifest says)",
          "1:invalid input, every problem printed (with --bundle: a figure differs or a file is altered)",
          "2:wrong usage, or a file that cannot be read"})
  static final class Score implements Callable<Integer> {
    @Option(names = "--challenge", description = "the challenge definition (YAML or JSON)")
    Path challenge;
    @Option(names = "--reference", description = "the reference CSV (with --bundle: in place of the bundle's own)")
    Path reference;
    @Option(names = "--board", defaultValue = "all", description = "all, public or private: which rows to score (default ${DEFAULT-VALUE})")
    String board;
    @Option(names = "--bundle", description = "a results bundle (zip) to score again and compare")
    Path bundle;
    @Parameters(paramLabel = "PREDICTIONS", arity = "0..1", description = "the prediction file (CSV, JSON or XLSX)")
    Path predictions;

    @Override
    public Integer call() throws IOException {
      Path reading = null;
      try {
        if (bundle != null) return checkBundle();
        if (challenge == null || reference == null || predictions == null) {
          System.err.println("score needs --challenge, --reference and a prediction file, or --bundle");
          return ExitCodes.USAGE;
        }
        if (!List.of("all", "public", "private").contains(board)) {
          System.err.println("--board is all, public or private");
          return ExitCodes.USAGE;
        }
        // the two files are read, and the reference's first pass made, on the other core while the definition is parsed
        CompletableFuture<ReferenceReader.Early> referenceRead = CompletableFuture.supplyAsync(() -> ReferenceReader.early(bytes(reference)));
        CompletableFuture<byte[]> predictionBytes = CompletableFuture.supplyAsync(() -> bytes(predictions));
        reading = challenge;
        Challenge definition = ChallengeReader.read(Files.readAllBytes(challenge), !challenge.toString().endsWith(".json"));
        reading = reference;
        ReferenceData data = ReferenceReader.read(definition, join(referenceRead));
        referenceRead = null; // the file's bytes may go before the predictions are read
        reading = predictions;
        byte[] body = join(predictionBytes);
        SubmissionFormat format = SubmissionFormat.detect(null, predictions.getFileName().toString(), body);
        ParsedSubmission parsed = new PredictionReader(definition, data).read(format, body, null);
        Map<String, boolean[]> rows = null;
        if (!board.equals("all")) {
          Map<String, boolean[]> publicRows = SplitAssignment.publicRows(definition, data);
          rows = board.equals("public") ? publicRows : SplitAssignment.privateRows(publicRows);
        }
        Scores scores = Scorer.score(definition, data, parsed.predictions(), rows);
        System.out.println(ScoreReport.of(definition.id(), board, scores, data.sha256()).prettyJson());
        Scorer.notes(definition, data, parsed.predictions()).forEach(note -> System.err.println("note: " + note));
        return 0;
      } catch (InvalidInputException e) {
        // a problem names no file of its own: it is in the file being read when it was found
        ProblemLines.print(e, reading == null ? null : reading.toString(), System.err);
        return INVALID;
      } catch (java.nio.file.NoSuchFileException e) {
        System.err.println("no file " + e.getFile());
        return ExitCodes.USAGE;
      } catch (IOException e) {
        System.err.println("cannot read " + e.getMessage());
        return ExitCodes.USAGE;
      }
    }

    /**
     * The arguments of {@code score --challenge C --reference R [--board B] PREDICTIONS}, in any order, each option as
     * {@code --name value} or {@code --name=value}, read without picocli, whose start-up (its converters, the
     * reflection over the commands and the proxies of their annotations) weighs on a short scoring run; null for
     * any other form (help, --bundle, a repeated or unknown option, a value that starts with - or @), which picocli reads.
     */
    static Score plainly(String... args) {
      if (args.length < 4 || !args[0].equals("score")) return null;
      Score score = new Score();
      for (int i = 1; i < args.length; i++) {
        String arg = args[i];
        if (!arg.startsWith("-")) {
          if (score.predictions != null || (score.predictions = plainPath(arg)) == null) return null;
          continue;
        }
        int equals = arg.indexOf('=');
        String name = equals < 0 ? arg : arg.substring(0, equals);
        String value = equals >= 0 ? arg.substring(equals + 1) : i + 1 < args.length ? args[++i] : "";
        boolean taken = switch (name) {
          case "--challenge" -> score.challenge == null && (score.challenge = plainPath(value)) != null;
          case "--reference" -> score.reference == null && (score.reference = plainPath(value)) != null;
          case "--board" -> score.board == null && plain(value) && (score.board = value) != null;
          default -> false;
        };
        if (!taken) return null;
      }
      if (score.challenge == null || score.reference == null || score.predictions == null) return null;
      if (score.board == null) score.board = "all";
      return score;
    }

    private static boolean plain(String value) {
      return !value.isEmpty() && value.charAt(0) != '-' && value.charAt(0) != '@';
    }

    private static Path plainPath(String value) {
      try {
        return plain(value) ? Path.of(value) : null;
      } catch (java.nio.file.InvalidPathException e) {
        return null;
      }
    }

    private static byte[] bytes(Path file) {
      try {
        return WholeFile.read(file);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private static <T> T join(CompletableFuture<T> read) throws IOException {
      try {
        return read.join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof java.io.UncheckedIOException io) throw io.getCause();
        throw e;
      }
    }

    private int checkBundle() throws IOException {
      BundleCheck.Outcome outcome = BundleCheck.check(bundle, reference);
      outcome.problems().forEach(p -> System.err.println("problem: " + p));
      outcome.differences().stream().limit(50).forEach(d -> System.err.println("differs: " + d));
      if (outcome.differences().size() > 50) System.err.println("... " + (outcome.differences().size() - 50) + " more differences");
      System.out.printf("%s: %d files checked against the manifest, %d submissions scored again with scorer %s, %d figures compared: %s%n",
          outcome.challenge(), outcome.files(), outcome.submissions(), Scorer.VERSION, outcome.figures(),
          outcome.identical() ? "all identical" : outcome.differences().size() + " differ, " + outcome.problems().size() + " problems");
      return outcome.identical() ? 0 : INVALID;
    }
  }

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Check challenge files and reference data; every problem is printed with file and line; exit 1 where any.")
  static final class Validate implements Callable<Integer> {
    @Option(names = "--challenges", defaultValue = "${env:AMC_CHALLENGES:-./challenges}", description = "default ${DEFAULT-VALUE}")
    Path challenges;
    @Option(names = "--reference", defaultValue = "${env:AMC_REFERENCE:-./reference-data}", description = "default ${DEFAULT-VALUE}")
    Path reference;

    @Override
    public Integer call() {
      try {
        var entries = ChallengeCatalog.load(challenges, reference);
        entries.forEach(e -> {
          System.out.println("ok " + e.id() + ": " + count(e.challenge().quantities().size(), "quantity", "quantities") + ", "
              + count(e.reference().rows(), "reference row", "reference rows"));
          e.challenge().quantities().forEach(q -> opaqueUnitNote(q).ifPresent(note -> System.out.println("  note: " + note)));
        });
        return validateSeries(entries.stream().map(e -> e.id()).collect(java.util.stream.Collectors.toSet()));
      } catch (InvalidInputException e) {
        ProblemLines.print(e, null, System.err);
        return INVALID;
      }
    }

    /** The series files of challenges/series/, each checked against the challenges of the folder, every problem printed. */
    private int validateSeries(java.util.Set<String> known) {
      java.util.List<org.amchallenge.problem.Problem> problems = new java.util.ArrayList<>();
      for (var source : org.amchallenge.challenge.SeriesFiles.read(challenges, problems)) {
        try {
          var series = source.read(known::contains);
          System.out.println("ok series " + series.id() + ": " + count(series.challenges().size(), "challenge", "challenges")
              + ", ranked by " + series.ranking().method().id() + " in at least " + series.ranking().minChallenges());
        } catch (InvalidInputException e) {
          problems.addAll(e.problems());
        }
      }
      if (problems.isEmpty()) return 0;
      ProblemLines.print(new InvalidInputException("Invalid series", problems, problems.size()), null, System.err);
      return INVALID;
    }

    static String count(long n, String one, String many) {
      return n + " " + (n == 1 ? one : many);
    }

    /** A quantity whose unit the server does not know is valid; the organizer is told what that means for submissions. */
    static java.util.Optional<String> opaqueUnitNote(org.amchallenge.challenge.Quantity quantity) {
      if (!org.amchallenge.units.UnitConversion.opaque(quantity.unit())) return java.util.Optional.empty();
      String hint = org.amchallenge.units.UnitConversion.nearest(quantity.unit()).map(known -> " (did you mean " + known + "?)").orElse("");
      return java.util.Optional.of(quantity.id() + " is in '" + quantity.unit() + "', a unit this server does not know" + hint
          + ": it converts to nothing else, so a submission gives '" + quantity.unit() + "' or no unit");
    }
  }
}

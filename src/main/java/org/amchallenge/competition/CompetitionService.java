package org.amchallenge.competition;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.amchallenge.challenge.Challenge;
import org.amchallenge.challenge.ChallengeCatalog;
import org.amchallenge.challenge.ChallengeEntry;
import org.amchallenge.challenge.ChallengeReader;
import org.amchallenge.challenge.ChallengeRegistry;
import org.amchallenge.challenge.ChallengeRegistry.Published;
import org.amchallenge.challenge.FinalFields;
import org.amchallenge.challenge.ReferenceReader;
import org.amchallenge.problem.ApiException;
import org.amchallenge.domain.AuditEntry;
import org.amchallenge.domain.Baseline;
import org.amchallenge.domain.Disqualification;
import org.amchallenge.domain.InputFile;
import org.amchallenge.domain.SubmissionRecord;
import org.amchallenge.store.Store;
import org.amchallenge.domain.StoredChallenge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The organizer's side of a competition: publishing and updating challenges, replacing reference data (and
 * rescoring every submission), revealing, and the audit log of each of these. Challenges from the folders
 * are published at start; a definition later published through the API is kept over the files. Reading a
 * definition or a reference and building its split run on a worker: a large reference would hold an event
 * loop, and every request that loop serves, for as long as it takes.
 */
public final class CompetitionService {
  private static final Logger LOG = LoggerFactory.getLogger(CompetitionService.class);

  private final Vertx vertx;
  private final Store store;
  private final ChallengeRegistry registry;
  private final SubmissionService submissions;
  private final Boards boards;
  private final Clock clock;

  /** Where every node is told that a challenge's definition, reference or reveal changed ({challenge, node}). */
  public static final String CHALLENGE_CHANGED = "amc.challenge.changed";

  private final String node;
  /** The other nodes' changes, heard while started; null before start and after stop. */
  private MessageConsumer<JsonObject> otherNodes;

  public CompetitionService(Vertx vertx, Store store, ChallengeRegistry registry, SubmissionService submissions,
                            Boards boards, Clock clock, String node) {
    this.vertx = vertx;
    this.store = store;
    this.registry = registry;
    this.submissions = submissions;
    this.boards = boards;
    this.clock = clock;
    this.node = node;
  }

  /**
   * Hears the other nodes' changes, publishes the folders' challenges that are new or changed, then serves
   * every stored challenge.
   */
  public Future<Void> start(List<ChallengeCatalog.Source> sources) {
    otherNodes = vertx.eventBus().<JsonObject>consumer(CHALLENGE_CHANGED, message -> {
      if (!node.equals(message.body().getString("node"))) reload(message.body().getString("challenge"));
    });
    return otherNodes.completion().compose(registered -> publishFiles(sources));
  }

  /** Stops hearing the other nodes; the challenges stay served as they are. */
  public Future<Void> stop() {
    MessageConsumer<JsonObject> listening = otherNodes;
    otherNodes = null;
    return listening == null ? Future.succeededFuture() : listening.unregister();
  }

  /** Another node changed a challenge: read it again from the store. */
  private void reload(String challengeId) {
    store.challenge(challengeId)
        .compose(found -> found.isEmpty() ? Future.succeededFuture(null) : vertx.executeBlocking(() -> published(found.get()), false))
        .compose(published -> published == null ? Future.succeededFuture() : submissions.exclusively(challengeId, () -> {
          registry.put(published);
          boards.invalidate(challengeId);
          return Future.succeededFuture();
        }))
        .onFailure(failure -> LOG.warn("challenge {} changed on another node and could not be read again", challengeId, failure));
  }

  private void announce(String challengeId) {
    vertx.eventBus().publish(CHALLENGE_CHANGED, new JsonObject().put("challenge", challengeId).put("node", node));
  }

  private Future<Void> publishFiles(List<ChallengeCatalog.Source> folders) {
    return withoutFinalChanges(folders).compose(sources -> store.challengeSummaries().compose(stored -> {
      Map<String, StoredChallenge> byId = new HashMap<>();
      stored.forEach(c -> byId.put(c.id(), c));
      Map<String, ChallengeCatalog.Source> fromFiles = new HashMap<>();
      Future<?> chain = Future.succeededFuture();
      List<String> changed = new ArrayList<>();
      for (ChallengeCatalog.Source source : sources) {
        StoredChallenge existing = byId.get(source.entry().id());
        if (existing != null && existing.sourceSha256() == null) {
          LOG.warn("challenge {}: a definition published through the API is kept over the files", existing.id());
          continue;
        }
        String sha = source.sha256();
        fromFiles.put(source.entry().id(), source);
        if (existing != null && sha.equals(existing.sourceSha256())) continue;
        if (existing != null) changed.add(existing.id());
        chain = chain.compose(done -> saveFromFiles(source, existing))
            // another node starting at the same time may have published the same files first
            .recover(failure -> {
              LOG.warn("challenge {}: not published from the files here ({}); reading what the store has", source.entry().id(), failure.toString());
              return Future.succeededFuture();
            });
      }
      return chain.compose(done -> store.challengeSummaries()).compose(all -> {
        Future<?> loading = Future.succeededFuture();
        for (StoredChallenge summary : all) {
          ChallengeCatalog.Source source = fromFiles.get(summary.id());
          if (source != null && source.sha256().equals(summary.sourceSha256())) {
            // the files are what the store has: the reference read from them serves
            registry.put(new Published(source.entry().challenge(), source.entry(), summary.revealedAt()));
            referenceFiles.put(summary.id(), source.referenceFile());
          } else {
            loading = loading.compose(done -> store.challenge(summary.id()))
                .compose(full -> full.isEmpty() ? Future.succeededFuture(null) : vertx.executeBlocking(() -> published(full.get()), false))
                .map(published -> {
                  if (published != null) registry.put(published);
                  return null;
                });
          }
        }
        return loading;
      }).compose(loaded -> {
        Future<?> rescores = Future.succeededFuture();
        for (String id : changed) rescores = rescores.compose(done -> rescore(id));
        return rescores.mapEmpty();
      });
    }));
  }

  /**
   * Stores a challenge read from the folders, new or changed, with its audit entry. The reference of a challenge
   * from the files stays in the files (every node has them): a large one need not pass through the store, nor sit
   * in a node's memory twice.
   */
  private Future<Void> saveFromFiles(ChallengeCatalog.Source source, StoredChallenge existing) {
    StoredChallenge files = new StoredChallenge(source.entry().id(), new String(source.definition(), StandardCharsets.UTF_8),
        source.yaml(), null, source.entry().reference().sha256(), source.sha256(),
        existing == null ? null : existing.revealedAt(), now());
    Future<String> detail = existing == null ? Future.succeededFuture("loaded from the challenge files")
        : vertx.executeBlocking(() -> "the challenge files changed: " + changes(existing, source.entry().challenge())
            + referenceChange(existing.referenceSha256(), files.referenceSha256()), false);
    return detail.compose(told -> store.saveChallenge(files, audit(files.id(), existing == null ? "published" : "updated", told)));
  }

  /** What became of a challenge whose files changed while the server ran, for the log: the action and why. */
  public record FromFolders(String action, String detail) {
    static FromFolders of(String action, String detail) {
      return new FromFolders(action, detail);
    }

    public boolean refused() {
      return action.equals("refused");
    }
  }

  /**
   * Publishes a challenge whose files changed while the server runs, by the rules of the start: a definition
   * published through the API is kept over the files, the same bytes change nothing, a change to a final field of
   * a revealed challenge is refused; otherwise it is stored (audited), served, told to the other nodes and, where it
   * existed, every submission rescored. Another node watching the same files may have stored them first: then this
   * node serves them from its files. Fails only where the store did; a refusal is an outcome.
   */
  public Future<FromFolders> publishFromFolders(ChallengeCatalog.Source source) {
    String id = source.entry().id();
    return store.challenge(id).compose(found -> {
      StoredChallenge existing = found.orElse(null);
      if (existing != null && existing.sourceSha256() == null) {
        return Future.succeededFuture(FromFolders.of("refused", "challenge " + id + " was published through the API, which is kept over the files"));
      }
      if (existing != null && source.sha256().equals(existing.sourceSha256())) return serveFromFiles(source, existing);
      return vertx.executeBlocking(() -> finalChanges(existing, source.entry().challenge(), source.entry().reference().sha256()), false)
          .compose(fields -> !fields.isEmpty()
              ? Future.succeededFuture(FromFolders.of("refused", FinalFields.refusal(id, fields).getMessage()))
              : submissions.exclusively(id, () -> store.challenge(id).compose(now -> {
                // a reveal or a publication came while the files were read: they are read again at the next look
                StoredChallenge current = now.orElse(null);
                if (current == null ? existing != null : existing == null || !Objects.equals(current.updatedAt(), existing.updatedAt())
                    || !Objects.equals(current.revealedAt(), existing.revealedAt())) {
                  return Future.failedFuture(new IllegalStateException("challenge " + id + " changed in the store while its files were read"));
                }
                return saveFromFiles(source, existing).compose(saved -> {
                  registry.put(new Published(source.entry().challenge(), source.entry(), existing == null ? null : existing.revealedAt()));
                  referenceFiles.put(id, source.referenceFile());
                  announce(id);
                  return existing == null ? Future.succeededFuture(FromFolders.of("published", "new challenge " + id))
                      : rescore(id).map(n -> FromFolders.of("published", "challenge " + id + " updated; submissions rescored: " + n));
                });
              })));
    });
  }

  /** The store has these very files (another node stored them, or nothing changed): this node serves them, from its own files. */
  private Future<FromFolders> serveFromFiles(ChallengeCatalog.Source source, StoredChallenge stored) {
    String id = source.entry().id();
    Published served = registry.get(id).orElse(null);
    boolean same = served != null && served.hasReference() && served.challenge().equals(source.entry().challenge())
        && served.entry().reference().sha256().equals(source.entry().reference().sha256());
    if (same) return Future.succeededFuture(FromFolders.of("unchanged", "challenge " + id + " is served as these files say"));
    return submissions.exclusively(id, () -> {
      registry.put(new Published(source.entry().challenge(), source.entry(), stored.revealedAt()));
      referenceFiles.put(id, source.referenceFile());
      boards.invalidate(id);
      return Future.succeededFuture(FromFolders.of("published", "challenge " + id + " as another node stored it from the same files"));
    });
  }

  /** A challenge as published, and whether it is new (else it was updated). */
  public record Publication(Published published, boolean created) {}

  /**
   * Publishes a new challenge, or updates one (its reference must still fit), and rescores where it changed.
   * The definition is read once, on a worker, and that reading is what is served. {@code allowed} decides, from the
   * challenge's id and whether it exists, whether the caller may publish it (fails where not).
   */
  public Future<Publication> publish(byte[] definition, boolean yaml, String actor, java.util.function.BiFunction<String, Boolean, Future<Void>> allowed) {
    return publish(definition, yaml, actor, allowed, null);
  }

  /** {@link #publish}, audited as {@code action} with {@code detail} where they are given (a close), else as published or updated. */
  private Future<Publication> publish(byte[] definition, boolean yaml, String actor, java.util.function.BiFunction<String, Boolean, Future<Void>> allowed,
                                      AuditEntry as) {
    String text = new String(definition, StandardCharsets.UTF_8);
    return vertx.executeBlocking(() -> ChallengeReader.read(definition, yaml), false).compose(challenge ->
        store.challenge(challenge.id()).compose(found -> allowed.apply(challenge.id(), found.isPresent()).map(found)).compose(found -> {
          StoredChallenge existing = found.orElse(null);
          return referenceBytes(existing).compose(reference -> vertx.executeBlocking(() -> {
            refuseFinalChanges(existing, challenge, existing == null ? null : existing.referenceSha256());
            ChallengeEntry entry = reference == null ? null : ChallengeCatalog.entry(challenge, ReferenceReader.read(challenge, reference));
            String detail = existing == null ? "published through the API" : "definition updated through the API: " + changes(existing, challenge);
            return new Prepared(entry, detail);
          }, false).compose(prepared -> {
            StoredChallenge updated = new StoredChallenge(challenge.id(), text, yaml, reference,
                existing == null ? null : existing.referenceSha256(), null, existing == null ? null : existing.revealedAt(), now());
            AuditEntry entry = as != null ? as : audit(challenge.id(), existing == null ? "published" : "updated", prepared.detail(), actor);
            return submissions.exclusively(challenge.id(), () -> store.challenge(challenge.id()).compose(now -> {
              // the stored challenge changed while this definition was read (a reveal, another publication): not overwritten
              StoredChallenge current = now.orElse(null);
              if (current == null ? existing != null : existing == null || !Objects.equals(current.revealedAt(), existing.revealedAt())
                  || !Objects.equals(current.updatedAt(), existing.updatedAt())) {
                return Future.failedFuture(new ApiException(409, "conflict", "challenge '" + challenge.id()
                    + "' changed while this definition was read; send it again to publish it over the change"));
              }
              return store.saveChallenge(updated, entry);
            }).compose(saved -> {
              registry.put(new Published(challenge, prepared.entry(), updated.revealedAt()));
              announce(challenge.id());
              Published published = registry.get(challenge.id()).orElseThrow();
              return existing == null ? Future.succeededFuture(new Publication(published, true))
                  : rescore(challenge.id()).map(rescored -> new Publication(registry.get(challenge.id()).orElseThrow(), false));
            }));
          }));
        }));
  }

  /** What a publication is saved with: the challenge's entry (null without reference data) and its audit detail. */
  private record Prepared(ChallengeEntry entry, String detail) {}

  /** A stored challenge's reference bytes: from the store, or from its file where it came from the folders. */
  private Future<byte[]> referenceBytes(StoredChallenge existing) {
    if (existing == null) return Future.succeededFuture(null);
    if (existing.reference() != null) return Future.succeededFuture(existing.reference());
    java.nio.file.Path file = referenceFiles.get(existing.id());
    return file == null ? Future.succeededFuture(null) : vertx.fileSystem().readFile(file.toString()).map(io.vertx.core.buffer.Buffer::getBytes);
  }

  /** Replaces a challenge's reference data and rescores every submission against it. */
  public Future<Integer> replaceReference(Published published, byte[] csv, String actor) {
    Challenge challenge = published.challenge();
    return vertx.executeBlocking(() -> {
          ChallengeEntry read = ChallengeCatalog.entry(challenge, ReferenceReader.read(challenge, csv));
          refuseFinalChanges(published, read.reference().sha256());
          return read;
        }, false)
        .compose(entry -> submissions.exclusively(published.id(), () -> store.challenge(published.id()).compose(found -> {
          // a reveal may have come while the file was read: checked again, against the challenge as it is now
          refuseFinalChanges(registry.get(published.id()).orElse(published), entry.reference().sha256());
          var reference = entry.reference();
          StoredChallenge existing = found.orElseThrow();
          StoredChallenge updated = new StoredChallenge(existing.id(), existing.definition(), existing.definitionIsYaml(), csv,
              reference.sha256(), null, existing.revealedAt(), now());
          String detail = "reference data " + (existing.referenceSha256() == null ? "uploaded" : "replaced (SHA-256 "
              + existing.referenceSha256() + " -> " + reference.sha256() + ")") + ", " + reference.rows() + " rows";
          return store.saveChallenge(updated, audit(existing.id(), "reference", detail, actor))
              .compose(saved -> {
                registry.put(new Published(challenge, entry, existing.revealedAt()));
                announce(existing.id());
                return rescore(existing.id());
              });
        })));
  }

  /**
   * Makes private scores and the reference data public: after {@code closes}, or before it where {@code closeNow}, which
   * closes the challenge at this instant first (both audited). Uploads under way on this node end first; one that
   * stores after the reveal is refused by the store's own check.
   */
  public Future<Published> reveal(Published published, boolean closeNow, String actor) {
    // closed first, as POST .../close closes, so that the page and the files say when it closed
    Future<Published> closed = closeNow && published.revealedAt() == null && now().isBefore(published.challenge().closes())
        ? close(published, actor) : Future.succeededFuture(published);
    return closed.compose(open -> submissions.exclusively(published.id(), () -> revealNow(registry.get(published.id()).orElse(open), closeNow, actor)));
  }

  private Future<Published> revealNow(Published published, boolean closeNow, String actor) {
    if (published.revealedAt() != null) return Future.succeededFuture(published);
    Instant now = now();
    boolean open = now.isBefore(published.challenge().closes());
    if (open && !closeNow) {
      return Future.failedFuture(new ApiException(409, "conflict", "the challenge closes at " + published.challenge().closes()
          + "; a reveal before then would end it early: send POST .../reveal?close_now=true to close it now and reveal"));
    }
    return store.challenge(published.id()).compose(found -> {
      StoredChallenge existing = found.orElseThrow();
      StoredChallenge revealed = existing.withReveal(now);
      Future<Void> closed = !open ? Future.succeededFuture() : store.saveChallenge(revealed, audit(existing.id(), "closed",
          "closed by the organizer at " + now + " (close_now), before its closing time " + published.challenge().closes(), actor));
      return closed.compose(done -> store.saveChallenge(revealed, audit(existing.id(), "revealed", "private scores and reference data made public", actor)))
          .map(saved -> {
            // the definition and reference served are as they were: only the time of the reveal is new
            Published current = registry.get(existing.id()).orElse(published);
            registry.put(new Published(current.challenge(), current.entry(), now));
            announce(existing.id());
            return registry.get(existing.id()).orElseThrow();
          });
    });
  }

  /**
   * Refuses (409) a definition or reference that changes a field the reveal made final. It reads the stored
   * definition: call it on a worker.
   */
  private void refuseFinalChanges(StoredChallenge existing, Challenge after, String referenceAfter) {
    List<String> fields = finalChanges(existing, after, referenceAfter);
    if (!fields.isEmpty()) throw FinalFields.refusal(existing.id(), fields);
  }

  /** Refuses (409) other reference data for a revealed challenge; the same bytes again change nothing. On a worker. */
  private void refuseFinalChanges(Published published, String referenceSha256) {
    if (!published.revealedAt(now())) return;
    String before = published.hasReference() ? published.entry().reference().sha256() : null;
    List<String> fields = FinalFields.changed(published.challenge(), before, published.challenge(), referenceSha256);
    if (!fields.isEmpty()) throw FinalFields.refusal(published.id(), fields);
  }

  /**
   * The final fields a new definition changes, where the stored one is revealed (none otherwise). A stored
   * definition this version no longer reads is compared as served, if it is. On a worker.
   */
  private List<String> finalChanges(StoredChallenge existing, Challenge after, String referenceAfter) {
    if (existing == null) return List.of();
    Challenge before;
    try {
      before = ChallengeReader.read(existing.definition().getBytes(StandardCharsets.UTF_8), existing.definitionIsYaml());
    } catch (RuntimeException unreadable) {
      before = registry.get(existing.id()).map(Published::challenge).orElse(null);
      if (before == null) return List.of();
    }
    if (before.statusAt(now(), existing.revealedAt() != null) != Challenge.Status.REVEALED) return List.of();
    return FinalFields.changed(before, existing.referenceSha256(), after, referenceAfter);
  }

  /**
   * The folders' challenges less those whose files change a final field of a revealed challenge: these keep the
   * stored definition (with their reference file, where it is still the one revealed) and a warning, and the
   * server starts.
   */
  private Future<List<ChallengeCatalog.Source>> withoutFinalChanges(List<ChallengeCatalog.Source> sources) {
    return store.challengeSummaries().compose(stored -> vertx.executeBlocking(() -> {
      Map<String, StoredChallenge> byId = new HashMap<>();
      stored.forEach(c -> byId.put(c.id(), c));
      List<ChallengeCatalog.Source> kept = new ArrayList<>();
      for (ChallengeCatalog.Source source : sources) {
        StoredChallenge existing = byId.get(source.entry().id());
        String reference = source.entry().reference().sha256();
        List<String> fields = existing == null || existing.sourceSha256() == null || source.sha256().equals(existing.sourceSha256())
            ? List.of() : finalChanges(existing, source.entry().challenge(), reference);
        if (fields.isEmpty()) {
          kept.add(source);
          continue;
        }
        boolean sameReference = reference.equals(existing.referenceSha256());
        if (sameReference) referenceFiles.put(existing.id(), source.referenceFile());
        LOG.warn("challenge {} is revealed and its results are final: its files change {}, which cannot change; the "
            + "files are not applied and the stored definition is served{}", existing.id(), String.join(", ", fields),
            sameReference ? "" : " without reference data (restore the revealed reference file, SHA-256 " + existing.referenceSha256() + ")");
      }
      return kept;
    }, false));
  }

  /** What a definition would publish, read and checked but not stored: the challenge, and its template (rows where it has a reference). */
  public record Preview(Challenge challenge, String templateCsv) {}

  /** Reads a definition as {@link #publish} would, for the caller {@code allowed} lets publish it, and stores nothing. */
  public Future<Preview> preview(byte[] definition, boolean yaml, java.util.function.BiFunction<String, Boolean, Future<Void>> allowed) {
    return vertx.executeBlocking(() -> ChallengeReader.read(definition, yaml), false).compose(challenge ->
        store.challenge(challenge.id()).compose(found -> allowed.apply(challenge.id(), found.isPresent()).map(found))
            .compose(found -> referenceBytes(found.orElse(null)).compose(reference -> vertx.executeBlocking(() -> {
              refuseFinalChanges(found.orElse(null), challenge, found.map(StoredChallenge::referenceSha256).orElse(null));
              // a reference that no longer fits the new definition is a problem of the definition, shown now rather than at publishing
              String template = reference == null ? org.amchallenge.submission.TemplateWriter.csv(challenge, null)
                  : org.amchallenge.submission.TemplateWriter.csv(challenge, ReferenceReader.read(challenge, reference));
              return new Preview(challenge, template);
            }, false))));
  }

  /**
   * Closes an open challenge now: its stored definition's {@code closes} becomes this instant (audited), as if the
   * organizer had published it so; a challenge that reveals on close is then revealed (audited too).
   */
  public Future<Published> close(Published published, String actor) {
    Instant now = now();
    if (published.revealedAt() != null || !now.isBefore(published.challenge().closes())) {
      return Future.failedFuture(new ApiException(409, "conflict", "challenge '" + published.id() + "' is already "
          + (published.revealedAt(now) ? "revealed" : "closed, at " + published.challenge().closes())));
    }
    return store.challenge(published.id()).compose(found -> {
      StoredChallenge stored = found.orElseThrow(() -> ApiException.notFound("no challenge '" + published.id() + "'"));
      AuditEntry entry = audit(published.id(), "closed", "closed by the organizer at " + now + ", before its closing time "
          + published.challenge().closes(), actor);
      // a challenge that reveals on close is revealed by closing it: recorded as a reveal, with its time and its audit entry
      return vertx.executeBlocking(() -> withCloses(stored, now).getBytes(StandardCharsets.UTF_8), false)
          .compose(closed -> publish(closed, stored.definitionIsYaml(), actor, (id, exists) -> Future.succeededFuture(), entry))
          .map(Publication::published)
          .compose(done -> done.challenge().reveal() != Challenge.Reveal.ON_CLOSE ? Future.succeededFuture(done)
              : submissions.exclusively(done.id(), () -> revealNow(registry.get(done.id()).orElse(done), false, actor)));
    });
  }

  /**
   * The definition's text with {@code closes} set to {@code at}. In YAML only the top-level value is replaced, found by the
   * parser, so that comments stay: a line of a quoted text that merely starts with 'closes:' is no key, and where the key
   * is repeated the last one is the one read. It parses: call it on a worker.
   */
  static String withCloses(StoredChallenge stored, Instant at) {
    if (!stored.definitionIsYaml()) return new JsonObject(stored.definition()).put("closes", at.toString()).encodePrettily();
    String text = stored.definition();
    long start = -1;
    long end = -1;
    try (com.fasterxml.jackson.core.JsonParser parser = new com.fasterxml.jackson.dataformat.yaml.YAMLFactory().createParser(text)) {
      int depth = 0;
      for (com.fasterxml.jackson.core.JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token.isStructStart()) depth++;
        else if (token.isStructEnd()) depth--;
        else if (token == com.fasterxml.jackson.core.JsonToken.FIELD_NAME && depth == 1 && "closes".equals(parser.currentName())) {
          com.fasterxml.jackson.core.JsonToken value = parser.nextToken();
          if (value.isStructStart()) {
            depth++;
            start = -1;
          } else {
            start = parser.currentTokenLocation().getCharOffset();
            end = parser.currentLocation().getCharOffset();
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the stored definition of '" + stored.id() + "' no longer reads as YAML", e);
    }
    if (start < 0 || end < start || end > text.length()) {
      throw new ApiException(409, "conflict", "the definition of '" + stored.id() + "' has no top-level 'closes' value to set; "
          + "publish it with the closing time you want");
    }
    return text.substring(0, (int) start) + at + text.substring((int) end);
  }

  /**
   * Takes a submission ({@code submissionId}) or a team ({@code teamName}) out of every ranking, with a reason, before the
   * reveal; audited. The boards of every node read the challenge again.
   */
  public Future<Disqualification> disqualify(Published published, String submissionId, String teamName, String reason, String actor) {
    if (published.revealedAt(clock.instant())) {
      return Future.failedFuture(new ApiException(409, "conflict", "challenge '" + published.id() + "' is revealed: its results are final"));
    }
    if (reason == null || reason.isBlank() || reason.length() > 500) {
      return Future.failedFuture(ApiException.badRequest("a disqualification needs a reason of 1 to 500 characters"));
    }
    // the reason is printed in terminals (the command line's boards), where a control character such as ESC acts
    var forbidden = org.amchallenge.domain.Names.firstForbidden(reason);
    if (forbidden.isPresent()) {
      return Future.failedFuture(ApiException.badRequest("a disqualification's reason is one line of visible text: "
          + forbidden.get().describe()));
    }
    if ((submissionId == null) == (teamName == null)) {
      return Future.failedFuture(ApiException.badRequest("name either a 'submission' or a 'team'"));
    }
    return boards.everySubmission(published.id()).compose(all -> boards.disqualifications(published.id()).compose(done -> {
      SubmissionRecord named = all.stream().filter(s -> submissionId != null ? s.id().equals(submissionId) : s.teamName().equals(teamName))
          .findFirst().orElse(null);
      if (named == null) {
        return Future.failedFuture(ApiException.notFound(submissionId != null ? "no submission '" + submissionId + "' in this challenge"
            : "no team '" + teamName + "' has submitted to this challenge"));
      }
      boolean already = done.stream().anyMatch(d -> d.teamId().equals(named.teamId())
          && (d.submissionId() == null || (submissionId != null && d.submissionId().equals(submissionId))));
      if (already) return Future.failedFuture(new ApiException(409, "conflict", "already disqualified"));
      AuditEntry entry = audit(published.id(), "disqualified", (submissionId != null ? "submission " + submissionId + " of team "
          : "team ") + named.teamName() + ": " + reason.strip(), actor);
      // the audit entry's id sorts in the order of the actions, also within one millisecond
      Disqualification d = new Disqualification(entry.id(), published.id(), submissionId, named.teamId(), named.teamName(),
          reason.strip(), actor, entry.at());
      return store.disqualify(d, entry).recover(CompetitionService::conflict).map(stored -> {
        boards.invalidate(published.id());
        return d;
      });
    }));
  }

  /** Puts a disqualified submission or team back into the rankings, before the reveal; audited. */
  public Future<Void> reinstate(Published published, String disqualificationId, String actor) {
    if (published.revealedAt(clock.instant())) {
      return Future.failedFuture(new ApiException(409, "conflict", "challenge '" + published.id() + "' is revealed: its results are final"));
    }
    return boards.disqualifications(published.id()).compose(done -> {
      Disqualification d = done.stream().filter(x -> x.id().equals(disqualificationId)).findFirst().orElse(null);
      if (d == null) return Future.failedFuture(ApiException.notFound("no disqualification '" + disqualificationId + "'"));
      AuditEntry entry = audit(published.id(), "reinstated", (d.submissionId() != null ? "submission " + d.submissionId() + " of team "
          : "team ") + d.teamName() + " (disqualified for: " + d.reason() + ")", actor);
      return store.reinstate(published.id(), disqualificationId, entry).recover(CompetitionService::conflict).compose(removed -> {
        boards.invalidate(published.id());
        return removed ? Future.<Void>succeededFuture() : Future.failedFuture(ApiException.notFound("no disqualification '" + disqualificationId + "'"));
      });
    });
  }

  /**
   * Adds a baseline (SPEC "Baselines"): its file read and scored as a submission's, stored with its audit entry, and shown
   * on every board from then on. Kept apart from a change of the reference, so that a rescore scores it too.
   */
  public Future<Baseline> addBaseline(Published published, SubmissionService.Upload upload, String name, String description, String actor) {
    return addBaseline(published, upload, name, description, actor, true);
  }

  /**
   * {@code beforeReveal}: refused once the challenge is revealed, as the organizers' additions are; a baseline shipped in
   * the challenge's files is part of it from its publication, and is stored at a server's first start whenever that is.
   */
  private Future<Baseline> addBaseline(Published published, SubmissionService.Upload upload, String name, String description, String actor,
                                       boolean beforeReveal) {
    if (beforeReveal && published.revealedAt(clock.instant())) return Future.failedFuture(finalAfterReveal(published));
    String problem = baselineNameProblem(name);
    if (problem != null) return Future.failedFuture(ApiException.badRequest(problem));
    if (description != null && description.length() > 100_000) {
      return Future.failedFuture(ApiException.badRequest("a baseline's description is at most 100000 characters"));
    }
    // listed in the order they were added, also within one millisecond
    String id = orderedId();
    Instant at = now();
    return submissions.exclusively(published.id(), () -> {
      Published current = registry.get(published.id()).orElse(published);
      // a reveal may have come while the file arrived
      if (beforeReveal && current.revealedAt(clock.instant())) return Future.failedFuture(finalAfterReveal(current));
      if (!current.hasReference()) return Future.failedFuture(ApiException.conflict("challenge '" + published.id() + "' has no reference data yet"));
      ChallengeEntry entry = current.entry();
      return vertx.executeBlocking(() -> {
        SubmissionService.ParsedScored read = submissions.read(entry, upload, false);
        String described = description != null && !description.isBlank() ? description.strip() : read.parsed().description();
        Baseline baseline = new Baseline(id, published.id(), name.strip(), described == null ? null : org.amchallenge.domain.Names.withoutLoneSurrogates(described),
            at, SubmissionService.fileNameAsKept(upload.fileName()), read.format().name().toLowerCase(), read.parsed().rows(), read.evaluation(),
            entry.reference().sha256(), org.amchallenge.scoring.Scorer.VERSION);
        byte[] body = read.body() != null ? read.body() : upload.bytes();
        return new ReadBaseline(baseline, org.amchallenge.store.FileCodec.compress(body).toArray());
      }, false).compose(made -> {
        Baseline baseline = made.baseline();
        AuditEntry entryOfAudit = audit(published.id(), "baseline", "baseline '" + baseline.name() + "' (" + baseline.id() + ") added, "
            + baseline.rows() + " rows", actor);
        return store.addBaseline(baseline, made.compressedFile(), entryOfAudit)
            .recover(failure -> Future.failedFuture(failure instanceof Store.DuplicateException duplicate
                ? ApiException.conflict(duplicate.getMessage()) : failure))
            .map(stored -> {
              boards.invalidate(published.id());
              return baseline;
            });
      });
    });
  }

  /** A baseline read and scored, with its file compressed for the store. */
  private record ReadBaseline(Baseline baseline, byte[] compressedFile) {}

  /** Why a baseline's name is refused, or null: one line of visible text, 1 to 100 characters, as a team's name. */
  private static String baselineNameProblem(String name) {
    if (name == null || name.isBlank()) return "a baseline needs a name: ?name=...";
    if (name.strip().length() > 100) return "a baseline's name is at most 100 characters";
    return org.amchallenge.domain.Names.firstForbidden(name).map(f -> "a baseline's name is one line of visible text: " + f.describe()).orElse(null);
  }

  /**
   * Adds the baselines that the folders' challenges ship in {@code challenges/<id>/baselines/}: each prediction file there
   * (CSV, JSON or XLSX) whose name no baseline of its challenge has yet, named by the first line of the Markdown file of the
   * same stem ("# Name"), the rest of which is its description; without one, by its stem. A file refused is logged, and
   * the server serves on without it.
   */
  public Future<Void> loadBaselines(java.nio.file.Path challengesDir, List<ChallengeCatalog.Source> sources) {
    Future<Void> chain = Future.succeededFuture();
    for (ChallengeCatalog.Source source : sources) {
      String id = source.entry().id();
      java.nio.file.Path folder = challengesDir.resolve(id).resolve("baselines");
      if (!java.nio.file.Files.isDirectory(folder)) continue;
      chain = chain.compose(done -> vertx.executeBlocking(() -> ShippedBaseline.in(folder), false))
          .compose(shipped -> store.baselines(id).compose(stored -> {
            Future<Void> added = Future.succeededFuture();
            for (ShippedBaseline b : shipped) {
              if (stored.stream().anyMatch(s -> s.name().equals(b.name()))) continue;
              Published published = registry.get(id).orElse(null);
              if (published == null || !published.hasReference()) continue;
              added = added.compose(done -> addBaseline(published, new SubmissionService.Upload(b.content(), null, b.fileName(), null),
                      b.name(), b.description(), null, false)
                  .onSuccess(made -> LOG.info("challenge {}: baseline '{}' loaded from {}", id, b.name(), b.fileName()))
                  .<Void>mapEmpty()
                  .recover(failure -> {
                    LOG.warn("challenge {}: baseline {} not loaded: {}", id, b.fileName(), failure.getMessage());
                    return Future.succeededFuture();
                  }));
            }
            return added;
          }))
          .recover(failure -> {
            LOG.warn("challenge {}: its baselines folder could not be read: {}", id, failure.toString());
            return Future.succeededFuture();
          });
    }
    return chain;
  }

  /** A baseline file shipped beside a challenge, with its name and description. */
  private record ShippedBaseline(String fileName, byte[] content, String name, String description) {
    static List<ShippedBaseline> in(java.nio.file.Path folder) throws java.io.IOException {
      List<ShippedBaseline> found = new ArrayList<>();
      try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(folder)) {
        for (java.nio.file.Path file : files.sorted().toList()) {
          String fileName = file.getFileName().toString();
          if (!fileName.matches("[A-Za-z0-9][A-Za-z0-9._-]*\\.(csv|json|xlsx)")) continue;
          String stem = fileName.substring(0, fileName.lastIndexOf('.'));
          java.nio.file.Path about = folder.resolve(stem + ".md");
          String name = stem;
          String description = null;
          if (java.nio.file.Files.isRegularFile(about)) {
            String text = java.nio.file.Files.readString(about).strip();
            int line = text.indexOf('\n');
            String first = line < 0 ? text : text.substring(0, line);
            if (first.startsWith("# ")) {
              name = first.substring(2).strip();
              description = line < 0 ? null : text.substring(line + 1).strip();
            } else {
              description = text;
            }
          }
          found.add(new ShippedBaseline(fileName, java.nio.file.Files.readAllBytes(file), name, description));
        }
      }
      return found;
    }
  }

  /** The boards of a revealed challenge are final, its baselines with them: none is added or removed (409). */
  private static ApiException finalAfterReveal(Published published) {
    return new ApiException(409, "conflict", "challenge '" + published.id() + "' is revealed: its boards are final, baselines with them");
  }

  /** Removes a baseline from every board (false where there was none), before the reveal; audited. */
  public Future<Boolean> removeBaseline(Published published, String baselineId, String actor) {
    if (published.revealedAt(clock.instant())) return Future.failedFuture(finalAfterReveal(published));
    return boards.baselines(published.id()).compose(kept -> {
      String name = kept.stream().filter(b -> b.id().equals(baselineId)).map(SubmissionRecord::teamName).findFirst().orElse(null);
      if (name == null) return Future.succeededFuture(false);
      AuditEntry entry = audit(published.id(), "baseline", "baseline '" + name + "' (" + baselineId + ") removed", actor);
      return store.removeBaseline(published.id(), baselineId, entry).map(removed -> {
        if (removed) boards.invalidate(published.id());
        return removed;
      });
    });
  }

  /** A change the store refused where it would have committed (a reveal came first, or the same change): 409. */
  private static <T> Future<T> conflict(Throwable failure) {
    return Future.failedFuture(failure instanceof org.amchallenge.store.RefusedChangeException refused
        ? new ApiException(409, "conflict", refused.getMessage()) : failure);
  }

  /** An input file as stored: whether it is new (else it replaced one of its name), and its SHA-256. */
  public record StoredInput(boolean created, String sha256) {}

  /** Stores an input file for modelers; audited. */
  public Future<StoredInput> putInput(Published published, String name, byte[] content, String actor) {
    return vertx.executeBlocking(() -> ReferenceReader.sha256(content), false).compose(sha -> {
      AuditEntry entry = audit(published.id(), "input", "input file " + name + " uploaded, " + content.length + " bytes, SHA-256 " + sha, actor);
      return store.putInput(new InputFile(published.id(), name, content.length, sha, entry.at(), content), entry)
          .map(created -> new StoredInput(created, sha));
    });
  }

  /** Removes an uploaded input file (false where there was none); audited. */
  public Future<Boolean> removeInput(Published published, String name, String actor) {
    return store.removeInput(published.id(), name, audit(published.id(), "input", "input file " + name + " removed", actor));
  }

  public Future<List<AuditEntry>> audit(String challengeId) {
    return store.audit(challengeId);
  }

  /** The reference CSV as uploaded, or as read from the files. */
  public Future<byte[]> reference(String challengeId) {
    return store.challenge(challengeId).compose(found -> referenceBytes(found.orElseThrow(() -> ApiException.notFound("no challenge " + challengeId))))
        .map(bytes -> {
          if (bytes == null) throw ApiException.notFound("no reference data for " + challengeId);
          return bytes;
        });
  }

  /** The reference files of the challenges published from the folders, as read at start. */
  private final Map<String, java.nio.file.Path> referenceFiles = new java.util.concurrent.ConcurrentHashMap<>();

  private Future<Integer> rescore(String challengeId) {
    Published published = registry.get(challengeId).orElseThrow();
    if (!published.hasReference()) return Future.succeededFuture(0);
    // from the store, not this node's copy: submissions other nodes committed may not have reached it yet
    return submissions.rescore(published.entry(), store.submissions(challengeId))
        .compose(rescored -> rescoreBaselines(published.entry()).map(rescored.size()))
        .compose(rescored -> boards.rescored(challengeId).map(rescored));
  }

  /** Scores a challenge's baselines again against its reference as it now is. */
  private Future<Void> rescoreBaselines(ChallengeEntry entry) {
    return store.baselines(entry.id()).compose(baselines -> baselines.isEmpty() ? Future.succeededFuture()
        : store.baselineFiles(entry.id()).compose(files -> vertx.executeBlocking(() -> baselines.stream().map(b -> {
              SubmissionRecord asRead = b.asSubmission();
              org.amchallenge.scoring.Predictions predictions = submissions.reread(entry, asRead, files.get(b.id())).predictions();
              return b.rescored(org.amchallenge.scoring.Evaluation.of(entry.challenge(), entry.reference(), entry.publicRows(),
                  entry.privateRows(), predictions), entry.reference().sha256(), org.amchallenge.scoring.Scorer.VERSION);
            }).toList(), false))
            .compose(store::updateBaselineScores));
  }

  /** Times are kept to the millisecond, as the store keeps them. */
  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  /**
   * A stored challenge as served. Its reference comes from the store, or, where it stays in the files, is the
   * one this node already serves (read again from the file if that changed). It reads and splits: call it on a worker.
   */
  private Published published(StoredChallenge stored) {
    Challenge challenge = ChallengeReader.read(stored.definition().getBytes(StandardCharsets.UTF_8), stored.definitionIsYaml());
    return new Published(challenge, entry(challenge, stored), stored.revealedAt());
  }

  private ChallengeEntry entry(Challenge challenge, StoredChallenge stored) {
    if (stored.reference() != null) return ChallengeCatalog.entry(challenge, ReferenceReader.read(challenge, stored.reference()));
    ChallengeEntry current = registry.get(stored.id()).map(Published::entry).orElse(null);
    if (current != null && current.reference().sha256().equals(stored.referenceSha256())) {
      return current.challenge().equals(challenge) ? current : ChallengeCatalog.entry(challenge, current.reference());
    }
    java.nio.file.Path file = referenceFiles.get(stored.id());
    if (file == null) return null;
    try {
      return ChallengeCatalog.entry(challenge, ReferenceReader.read(challenge, org.amchallenge.tabular.WholeFile.read(file)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private AuditEntry audit(String challengeId, String action, String detail) {
    return audit(challengeId, action, detail, null);
  }

  /** An action's entry; {@code actor}: the account (its email) or the admin token that did it, null for the server itself. */
  public AuditEntry audit(String challengeId, String action, String detail, String actor) {
    return new AuditEntry(orderedId(), challengeId, now(), action, detail, actor);
  }

  /** An id of 35 characters that sorts in the order this node made it, also within one millisecond, and differs across nodes. */
  private static String orderedId() {
    return String.format("%016x-%08x", System.currentTimeMillis(), SEQUENCE.incrementAndGet() & 0xffffffffL)
        + UUID.randomUUID().toString().substring(0, 10);
  }

  private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();

  /**
   * The top-level fields whose value differs between a stored definition and a new one, for the audit log: the
   * fields of {@link Challenge} are the definition's top-level fields. It reads the stored one: call it on a worker.
   */
  static String changes(StoredChallenge before, Challenge after) {
    Challenge old;
    try {
      old = ChallengeReader.read(before.definition().getBytes(StandardCharsets.UTF_8), before.definitionIsYaml());
    } catch (RuntimeException e) {
      // an audit line is no reason to refuse the new definition
      return "the definition was replaced (the one before it no longer reads as valid: " + e.getMessage() + ")";
    }
    List<String> changed = new ArrayList<>();
    for (RecordComponent field : Challenge.class.getRecordComponents()) {
      try {
        if (!Objects.equals(field.getAccessor().invoke(old), field.getAccessor().invoke(after))) changed.add(field.getName());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("a record's accessor is public", e);
      }
    }
    return changed.isEmpty() ? "no field of the definition changed" : "changed " + String.join(", ", changed);
  }

  /** The reference's change for the audit log, or nothing where it is the same. */
  private static String referenceChange(String before, String after) {
    return Objects.equals(before, after) ? "" : "; reference data " + before + " -> " + after;
  }
}

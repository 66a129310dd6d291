package org.amchallenge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.amchallenge.Server;
import org.amchallenge.ServerConfig;
import org.amchallenge.http.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The series page and the home page grouped by series, in real headless Chromium. */
@Tag("browser")
class SeriesBrowserTest {
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final String REFERENCE = "sample_id,quantity,value\nS1,y,100\nS2,y,200\n";

  @TempDir Path dir;
  private Server server;
  private Vertx vertx;
  private WebClient client;
  private ChromeDriver browser;
  private String base;

  private static String definition(String id, String title) {
    return String.join("\n", "id: " + id, "title: " + title, "summary: A small challenge of the test.", "opens: 2026-03-01T00:00:00Z",
        "closes: 2026-04-01T00:00:00Z", "reveal: manual", "split: {public_fraction: 0.5, seed: 42, by: sample}", "quantities:",
        "  - {id: y, unit: um, weight: 1}", "");
  }

  @BeforeEach
  void start() throws Exception {
    Files.createDirectories(dir.resolve("challenges/series"));
    Files.createDirectories(dir.resolve("reference-data"));
    for (String[] c : List.of(new String[] {"c-one", "Melt pool depth"}, new String[] {"c-two", "Residual strain"},
        new String[] {"c-three", "Tensile curves"}, new String[] {"c-alone", "Fatigue life, on its own"})) {
      Files.writeString(dir.resolve("challenges/" + c[0] + ".yaml"), definition(c[0], c[1]));
      Files.writeString(dir.resolve("reference-data/" + c[0] + ".csv"), REFERENCE);
    }
    Files.writeString(dir.resolve("challenges/series/trio.yaml"), String.join("\n", "id: trio", "title: IN625 modeling series",
        "description: Three challenges on one *material*, ranked together.", "challenges: [c-one, c-two, c-three]",
        "ranking: {method: mean_rank, min_challenges: 2}", ""));
    ServerConfig config = new ServerConfig("127.0.0.1", 0, dir.resolve("data"), dir.resolve("challenges"), dir.resolve("reference-data"),
        null, "organizer-secret-token", 1 << 20, Clock.fixed(Instant.parse("2026-03-02T12:00:00Z"), ZoneOffset.UTC));
    server = TestServers.await(Server.start(config));
    vertx = Vertx.vertx();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
    base = "http://127.0.0.1:" + server.port();
    browser = Chromium.start(dir.resolve("chromium"));
    browser.manage().window().setSize(new Dimension(1280, 1400));
    Files.createDirectories(SHOTS);
  }

  @AfterEach
  void stop() {
    if (browser != null) browser.quit();
    TestServers.await(vertx.close());
    TestServers.await(server.close());
  }

  private String register(String name) {
    return TestServers.await(client.post("/api/teams").sendJsonObject(new JsonObject().put("name", name))).bodyAsJsonObject().getString("token");
  }

  /** An upload off by {@code error} on both samples: the smaller the error, the better the rank on either board. */
  private void enter(String challenge, String token, int error) {
    String csv = "sample_id,quantity,value\nS1,y," + (100 + error) + "\nS2,y," + (200 + error) + "\n";
    int status = TestServers.await(client.post("/api/challenges/" + challenge + "/submissions").bearerTokenAuthentication(token)
        .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(csv))).statusCode();
    assertEquals(201, status);
  }

  private WebDriverWait waitUpTo(Duration duration) {
    return new WebDriverWait(browser, duration, Duration.ofMillis(20));
  }

  private List<String> boardRows() {
    return texts("#series-board-body tr");
  }

  /** The text of each element the selector finds, read in one script: the page redraws its tables at each event. */
  @SuppressWarnings("unchecked")
  private List<String> texts(String selector) {
    return ((List<Object>) browser.executeScript("return [...document.querySelectorAll(arguments[0])]"
        + ".map(e => e.children.length ? [...e.children].map(c => c.innerText.trim()).join(' ') : e.innerText.trim());", selector)).stream().map(String::valueOf).toList();
  }

  private static void save(byte[] png, String name) throws Exception {
    Files.write(SHOTS.resolve(name), png);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    Set<Integer> colors = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) colors.add(image.getRGB(x, y));
    }
    assertTrue(colors.size() > 20, name + " looks blank: " + colors.size() + " colors");
  }

  @Test
  @DisplayName("the series page lists its challenges with state and leader and the series board, which updates itself after an upload")
  void seriesPageLive() throws Exception {
    String ada = register("Ada");
    String ben = register("Ben");
    enter("c-one", ada, 1);
    enter("c-two", ada, 3);
    enter("c-one", ben, 2);
    enter("c-two", ben, 1);
    enter("c-three", ben, 1);

    browser.get(base + "/series/trio");
    waitUpTo(Duration.ofSeconds(10)).until(d -> boardRows().size() == 2);
    assertEquals("IN625 modeling series", browser.findElement(By.id("title")).getText());
    assertEquals("material", browser.findElement(By.cssSelector("#description em")).getText(), "the description's Markdown rendered");
    List<String> challenges = texts("#challenges-body tr");
    // every board public (nothing revealed): c-one led by Ada, c-two and c-three by Ben
    assertEquals(List.of("Melt pool depth open Ada 2 public board", "Residual strain open Ben 2 public board",
        "Tensile curves open Ben 1 public board"), challenges);
    // Ben 2, 1, 1 -> 4/3; Ada 1, 2 -> 3/2
    assertEquals(List.of("1 Ben 2 1 1 3 1.33", "2 Ada 1 2 – 2 1.5"), boardRows());
    waitUpTo(Duration.ofSeconds(10)).until(d -> !browser.findElement(By.id("live")).getAttribute("class").contains("off"));
    Object overflow = browser.executeScript("const s = document.querySelector('#series-board').parentElement; return s.scrollWidth - s.clientWidth;");
    assertEquals(0L, ((Number) overflow).longValue(), "the series board fits a desktop page without scrolling");
    save(browser.getScreenshotAs(OutputType.BYTES), "series-page.png");

    // a third team enters one challenge, better than both: the page shows it without a reload, unranked (one challenge only)
    enter("c-three", register("Cy"), 0);
    waitUpTo(Duration.ofSeconds(10)).until(d -> boardRows().size() == 3);
    // c-three now Cy 1, Ben 2: Ada 1, 2 -> 3/2 is first, Ben 2, 1, 2 -> 5/3 second
    assertEquals(List.of("1 Ada 1 2 – 2 1.5", "2 Ben 2 1 2 3 1.67", "– Cy – – 1 1 1"), boardRows());
    waitUpTo(Duration.ofSeconds(10)).until(d -> texts("#challenges-body tr[data-challenge=c-three] .leader").equals(List.of("Cy")));
    save(browser.getScreenshotAs(OutputType.BYTES), "series-page-live.png");

    browser.manage().window().setSize(new Dimension(390, 1400));
    save(browser.getScreenshotAs(OutputType.BYTES), "series-page-phone.png");
  }

  @Test
  @DisplayName("the home page groups the challenges by series, with a link to the series board, and those in no series under their own heading")
  void homeGroupedBySeries() throws Exception {
    browser.get(base + "/");
    waitUpTo(Duration.ofSeconds(10)).until(d -> browser.findElements(By.cssSelector("#challenges li")).size() == 4);
    List<WebElement> groups = browser.findElements(By.cssSelector("#challenges section.series-group"));
    assertEquals(2, groups.size());
    assertTrue(groups.get(0).findElement(By.tagName("h2")).getText().startsWith("IN625 modeling series"));
    assertEquals(base + "/series/trio", groups.get(0).findElement(By.cssSelector("h2 a")).getAttribute("href"));
    assertEquals("Three challenges on one material, ranked together.", groups.get(0).findElement(By.cssSelector("p.hint")).getText());
    assertEquals(Set.of("c-one", "c-two", "c-three"), Set.copyOf(groups.get(0).findElements(By.cssSelector("li")).stream()
        .map(li -> li.getAttribute("data-challenge")).toList()));
    assertEquals("Challenges in no series", groups.get(1).findElement(By.tagName("h2")).getText());
    assertEquals(List.of("c-alone"), groups.get(1).findElements(By.cssSelector("li")).stream().map(li -> li.getAttribute("data-challenge")).toList());
    save(browser.getScreenshotAs(OutputType.BYTES), "home-by-series.png");
  }
}

package org.amchallenge.submission;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * An XLSX workbook opened for streaming: its sheets by name in the workbook's order, each read a row at a time as
 * its part inflates, never a sheet whole in memory. The zip is read where it lies, in the uploaded bytes, through
 * its central directory, so a part is inflated only when it is read. The package's few small parts (the
 * relationships and the workbook's list of sheets) are read here with the sheets' scanner rather than with POI's
 * package layer, which loads DOM and SAX parsers and a logger, several hundred classes, for a file of two lines.
 */
final class WorkbookParts implements Closeable {
  /** A sheet of the workbook: its name and its part's entry in the zip. */
  record Sheet(String name, String part) {}

  private static final byte[] RELATIONSHIP = XmlScanner.ascii("Relationship");
  private static final byte[] SHEET = XmlScanner.ascii("sheet");
  private static final byte[] SHEETS = XmlScanner.ascii("sheets");
  private static final byte[] ID = XmlScanner.ascii("id");
  private static final byte[] ID_ATTRIBUTE = XmlScanner.ascii("Id");
  private static final byte[] TYPE = XmlScanner.ascii("Type");
  private static final byte[] TARGET = XmlScanner.ascii("Target");
  private static final byte[] TARGET_MODE = XmlScanner.ascii("TargetMode");
  private static final byte[] NAME = XmlScanner.ascii("name");

  private record Relationship(String type, String target) {}

  private final ZipFile zip;
  /** The zip's entries by their names in lower case: a part's name is matched in any case. */
  private final Map<String, ZipArchiveEntry> entries = new HashMap<>();
  private final List<Sheet> sheets = new ArrayList<>();
  private String sharedStringsPart;
  private SharedStrings shared;

  private WorkbookParts(ZipFile zip) throws IOException {
    this.zip = zip;
    for (Enumeration<ZipArchiveEntry> all = zip.getEntries(); all.hasMoreElements(); ) {
      ZipArchiveEntry entry = all.nextElement();
      entries.putIfAbsent(entry.getName().toLowerCase(Locale.ROOT), entry);
    }
    if (!entries.containsKey("[content_types].xml")) throw new IllegalStateException("it is a zip, not an Office document");
    String workbook = relationships("").stream().filter(r -> r.type().endsWith("/officeDocument")).map(Relationship::target)
        .findFirst().orElse("xl/workbook.xml");
    if (workbook.toLowerCase(Locale.ROOT).endsWith(".bin")) throw new IllegalStateException("it is a binary (.xlsb) workbook; save it as .xlsx");
    Map<String, Relationship> byId = new HashMap<>();
    for (Relationship r : relationshipsById(workbook, byId)) {
      if (r.type().endsWith("/sharedStrings") && sharedStringsPart == null) sharedStringsPart = r.target();
    }
    readSheetList(workbook, byId);
  }

  static WorkbookParts open(byte[] body) throws IOException {
    if (body.length >= 4 && (body[0] & 0xFF) == 0xD0 && (body[1] & 0xFF) == 0xCF && (body[2] & 0xFF) == 0x11 && (body[3] & 0xFF) == 0xE0) {
      throw new IllegalStateException("it is an Excel 97-2003 (.xls) workbook, or one with a password; save it as .xlsx without a password, or as CSV");
    }
    ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(body)).get();
    try {
      return new WorkbookParts(zip);
    } catch (IOException | RuntimeException e) {
      zip.close();
      throw e;
    }
  }

  List<Sheet> sheets() {
    return sheets;
  }

  /** The sheet of that name, in any case as Excel matches them; null where none. */
  Sheet sheet(String name) {
    return sheets.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst().orElse(null);
  }

  /** The sheet's rows, read as they are asked for; the caller closes them. */
  SheetRows rows(Sheet sheet) throws IOException {
    if (shared == null) shared = sharedStrings();
    InputStream in = open(sheet.part());
    if (in == null) throw new IllegalStateException("the sheet '" + sheet.name() + "' lists a part it lacks, " + sheet.part());
    try {
      return new SheetRows(in, shared);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private SharedStrings sharedStrings() throws IOException {
    InputStream in = sharedStringsPart == null ? null : open(sharedStringsPart);
    if (in == null) return SharedStrings.NONE;
    try (in) {
      return SharedStrings.read(in);
    }
  }

  /** The part's bytes as they inflate; null where the zip has no such entry. */
  private InputStream open(String part) throws IOException {
    ZipArchiveEntry entry = entries.get(part.toLowerCase(Locale.ROOT));
    return entry == null ? null : zip.getInputStream(entry);
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }

  /** The sheets of the workbook part, in its order: worksheets, and chart and dialog sheets, which hold no rows. */
  private void readSheetList(String workbook, Map<String, Relationship> byId) throws IOException {
    InputStream in = open(workbook);
    if (in == null) throw new IllegalStateException("it lacks its workbook part, " + workbook);
    try (in) {
      XmlScanner xml = new XmlScanner(in);
      boolean inSheets = false;
      while (xml.nextTag()) {
        if (xml.is(SHEETS)) inSheets = xml.kind == XmlScanner.START;
        if (!inSheets || xml.kind == XmlScanner.END || !xml.is(SHEET)) continue;
        String name = xml.attributeText(NAME);
        Relationship r = byId.get(xml.prefixedAttribute(ID));
        boolean sheet = r != null && (r.type().endsWith("/worksheet") || r.type().endsWith("/chartsheet") || r.type().endsWith("/dialogsheet"));
        if (name != null && sheet) sheets.add(new Sheet(name, r.target()));
      }
    }
  }

  private List<Relationship> relationships(String part) throws IOException {
    return relationshipsById(part, new HashMap<>());
  }

  /** The relationships of a part ("" for the package's own), their targets made zip entry names; each also by its id. */
  private List<Relationship> relationshipsById(String part, Map<String, Relationship> byId) throws IOException {
    int slash = part.lastIndexOf('/');
    String folder = part.substring(0, slash + 1);
    List<Relationship> found = new ArrayList<>();
    InputStream in = open(folder + "_rels/" + part.substring(slash + 1) + ".rels");
    if (in == null) return found;
    try (in) {
      XmlScanner xml = new XmlScanner(in);
      while (xml.nextTag()) {
        if (xml.kind == XmlScanner.END || !xml.is(RELATIONSHIP) || "External".equals(xml.attributeText(TARGET_MODE))) continue;
        String id = xml.attributeText(ID_ATTRIBUTE);
        String type = xml.attributeText(TYPE);
        String target = xml.attributeText(TARGET);
        if (type == null || target == null) continue;
        Relationship r = new Relationship(type, resolve(folder, target));
        found.add(r);
        if (id != null) byId.putIfAbsent(id, r);
      }
    }
    return found;
  }

  /** A relationship's target as a zip entry name: relative to the folder of its part, or from the root where it starts with '/'. */
  static String resolve(String folder, String target) {
    String path = decodePercents(target.startsWith("/") ? target.substring(1) : folder + target);
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : path.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) continue;
      if (segment.equals("..")) segments.pollLast();
      else segments.addLast(segment);
    }
    return String.join("/", segments);
  }

  private static String decodePercents(String path) {
    if (path.indexOf('%') < 0) return path;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int plain = 0;
    for (int i = 0; i + 2 < path.length(); i++) {
      int high = path.charAt(i) == '%' ? Character.digit(path.charAt(i + 1), 16) : -1;
      int low = high < 0 ? -1 : Character.digit(path.charAt(i + 2), 16);
      if (low < 0) continue;
      bytes.writeBytes(path.substring(plain, i).getBytes(StandardCharsets.UTF_8));
      bytes.write(high * 16 + low);
      i += 2;
      plain = i + 1;
    }
    bytes.writeBytes(path.substring(plain).getBytes(StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}

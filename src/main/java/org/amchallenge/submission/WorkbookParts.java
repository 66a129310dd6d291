package org.amchallenge.submission;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.util.ZipEntrySource;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.usermodel.XSSFRelation;

/**
 * An XLSX workbook opened for streaming with POI's event API: its sheets by name in the workbook's order, each read
 * a row at a time as the part inflates, never a sheet whole in memory. The zip is read where it lies, in the
 * uploaded bytes, through its central directory, so a part is inflated only when it is read.
 */
final class WorkbookParts implements Closeable {
  /** A sheet of the workbook: its name and its part. */
  record Sheet(String name, PackagePart part) {}

  private final OPCPackage pack;
  private final List<Sheet> sheets = new ArrayList<>();
  private SharedStrings shared;

  private WorkbookParts(OPCPackage pack) throws IOException, OpenXML4JException {
    this.pack = pack;
    XSSFReader.SheetIterator iterator = new XSSFReader(pack).getSheetIterator();
    while (iterator.hasNext()) {
      iterator.next().close(); // only the name and the part are wanted now
      sheets.add(new Sheet(iterator.getSheetName(), iterator.getSheetPart()));
    }
  }

  static WorkbookParts open(byte[] body) throws IOException, OpenXML4JException {
    ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(body)).get();
    OPCPackage pack;
    try {
      pack = OPCPackage.open(new InMemoryZip(zip));
    } catch (OpenXML4JException | RuntimeException e) {
      zip.close();
      throw e;
    }
    try {
      return new WorkbookParts(pack);
    } catch (IOException | OpenXML4JException | RuntimeException e) {
      pack.revert();
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
    InputStream in = sheet.part().getInputStream();
    try {
      return new SheetRows(in, shared);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private SharedStrings sharedStrings() throws IOException {
    List<PackagePart> parts = pack.getPartsByContentType(XSSFRelation.SHARED_STRINGS.getContentType());
    if (parts.isEmpty()) return SharedStrings.NONE;
    try (InputStream in = parts.get(0).getInputStream()) {
      return SharedStrings.read(in);
    }
  }

  @Override
  public void close() {
    pack.revert(); // read-only: closes the zip without writing
  }

  /** The entries of a zip held in memory, for POI's package, which otherwise copies every part out at once. */
  private static final class InMemoryZip implements ZipEntrySource {
    private final ZipFile zip;
    private boolean closed;

    InMemoryZip(ZipFile zip) {
      this.zip = zip;
    }

    @Override
    public Enumeration<? extends ZipArchiveEntry> getEntries() {
      return zip.getEntries();
    }

    @Override
    public ZipArchiveEntry getEntry(String path) {
      ZipArchiveEntry entry = zip.getEntry(path);
      if (entry != null) return entry;
      // part names are case-insensitive; a zip's entry names are not
      for (Enumeration<ZipArchiveEntry> all = zip.getEntries(); all.hasMoreElements(); ) {
        ZipArchiveEntry candidate = all.nextElement();
        if (candidate.getName().toLowerCase(Locale.ROOT).equals(path.toLowerCase(Locale.ROOT))) return candidate;
      }
      return null;
    }

    @Override
    public InputStream getInputStream(ZipArchiveEntry entry) throws IOException {
      return zip.getInputStream(entry);
    }

    @Override
    public void close() throws IOException {
      closed = true;
      zip.close();
    }

    @Override
    public boolean isClosed() {
      return closed;
    }
  }
}

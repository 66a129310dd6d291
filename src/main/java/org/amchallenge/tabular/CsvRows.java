package org.amchallenge.tabular;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.List;
import org.amchallenge.problem.InvalidInputException;
import org.amchallenge.problem.Problem;

/** Reads a CSV file row by row with each row's line number, through Jackson's streaming CSV parser. */
public final class CsvRows implements TableRows, Closeable {
  private static final CsvFactory FACTORY = CsvFactory.builder()
      .enable(CsvParser.Feature.TRIM_SPACES)
      .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
      .build();

  private final CsvParser parser;
  private final String title;
  private final List<String> cells = new ArrayList<>();
  private int line;

  private CsvRows(CsvParser parser, String title) {
    this.parser = parser;
    this.title = title;
  }

  /** Opens a UTF-8 CSV stream; a byte-order mark is skipped. {@code title} names the input in problems. */
  public static CsvRows open(InputStream in, String title) {
    try {
      return new CsvRows(FACTORY.createParser(skipByteOrderMark(in)), title);
    } catch (IOException e) {
      throw unreadable(title, 1, 1, e);
    }
  }

  private static InputStream skipByteOrderMark(InputStream in) throws IOException {
    PushbackInputStream stream = new PushbackInputStream(in, 3);
    byte[] head = stream.readNBytes(3);
    boolean bom = head.length == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF;
    if (!bom && head.length > 0) stream.unread(head);
    return stream;
  }

  /** Moves to the next row; false at the end of the file. */
  @Override
  public boolean next() {
    try {
      JsonToken token = parser.nextToken();
      while (token != null && token != JsonToken.START_ARRAY) token = parser.nextToken();
      if (token == null) return false;
      cells.clear();
      for (token = parser.nextToken(); token != null && token != JsonToken.END_ARRAY; token = parser.nextToken()) {
        // the row's start token carries the previous row's position; its first cell carries the right line
        if (cells.isEmpty()) line = parser.currentTokenLocation().getLineNr();
        cells.add(parser.getText());
      }
      return true;
    } catch (IOException e) {
      var at = parser.currentLocation();
      throw unreadable(title, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()), e);
    }
  }

  @Override
  public int line() {
    return line;
  }

  @Override
  public int width() {
    return cells.size();
  }

  @Override
  public String cell(int column) {
    return column < cells.size() ? cells.get(column).strip() : "";
  }

  public List<String> cells() {
    return List.copyOf(cells);
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException ignored) {
      // closing a parser of an in-memory or finished stream cannot lose data
    }
  }

  private static InvalidInputException unreadable(String title, int line, int column, IOException e) {
    String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    if (e instanceof java.io.CharConversionException) detail = "the file is not valid UTF-8 text (" + detail + ")";
    return new InvalidInputException(title, Problem.at(line, column, null, detail));
  }
}

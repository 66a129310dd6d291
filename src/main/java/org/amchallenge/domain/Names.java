package org.amchallenge.domain;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The names teams and their members go by: which characters a name may hold, the form it is kept and shown
 * in, and the key under which two names that a reader could not tell apart are the same name.
 *
 * A name is kept as typed, stripped of surrounding spaces and in Unicode NFC (which changes no character's
 * look). Names are compared on their key: NFKC, case folding (NFKC_Casefold) and the confusable skeleton of
 * Unicode TS #39 (ICU4J's SpoofChecker), so that "MeltLab", "meltlab", "ＭｅｌｔＬａｂ" and "MeltLаb" with a
 * Cyrillic а are one name.
 */
public final class Names {
  /** The most characters (code points) a name has, as typed and stripped. */
  public static final int MAX_LENGTH = 100;

  private static final Normalizer2 NFC = Normalizer2.getNFCInstance();
  private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
  private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();
  /** Immutable once built, so one serves every thread. */
  private static final SpoofChecker SKELETONS = new SpoofChecker.Builder().setChecks(SpoofChecker.CONFUSABLE).build();

  private Names() {}

  /** A character a name may not hold: where it is (1 for the first character as sent) and what it is. */
  public record Forbidden(int position, int codePoint, String why) {
    /** "character 4 is U+200B (ZERO WIDTH SPACE), an invisible character". */
    public String describe() {
      boolean surrogate = codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
      String name = surrogate ? null : UCharacter.getName(codePoint);
      return "character " + position + " is " + String.format("U+%04X", codePoint) + (name == null ? "" : " (" + name + ")") + ", " + why;
    }
  }

  /** The first character of the text, as sent, that no name may hold. */
  public static Optional<Forbidden> firstForbidden(String text) {
    int position = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      position++;
      String why = forbidden(codePoint);
      if (why != null) return Optional.of(new Forbidden(position, codePoint, why));
      i += Character.charCount(codePoint);
    }
    return Optional.empty();
  }

  /**
   * Why a character may not be in a name, or null where it may: each of these either shows nothing, changes
   * how the characters around it are shown, or cannot be written as UTF-8 at all (an unpaired surrogate).
   */
  private static String forbidden(int codePoint) {
    if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
      return "an unpaired UTF-16 surrogate, which is no character";
    }
    if (UCharacter.hasBinaryProperty(codePoint, UProperty.BIDI_CONTROL)) return "a bidirectional control character";
    int type = UCharacter.getType(codePoint);
    if (type == UCharacterCategory.CONTROL) return "a control character";
    if (type == UCharacterCategory.LINE_SEPARATOR || type == UCharacterCategory.PARAGRAPH_SEPARATOR) return "a line break";
    if (type == UCharacterCategory.FORMAT || UCharacter.hasBinaryProperty(codePoint, UProperty.DEFAULT_IGNORABLE_CODE_POINT)) {
      return "an invisible (zero-width or formatting) character";
    }
    // a symbol, not a space or a format character, that every font draws as nothing
    if (codePoint == 0x2800) return "a blank Braille pattern, which shows as nothing";
    if (type == UCharacterCategory.PRIVATE_USE) return "a private-use character, which shows differently on every system";
    if (type == UCharacterCategory.UNASSIGNED) return "not a character Unicode assigns";
    return null;
  }

  /** The name as kept and shown: stripped of surrounding white space, in NFC. Only for a text with nothing forbidden. */
  public static String shown(String typed) {
    return NFC.normalize(stripSpaces(typed));
  }

  /** How many characters (code points) a name has. */
  public static int length(String name) {
    return name.codePointCount(0, name.length());
  }

  /**
   * The key two names share where a reader could not tell them apart: NFKC, runs of white space made one space,
   * the confusable skeleton, case folding, and the skeleton again (folding first would part a capital I from
   * the l it passes for; the skeleton first keeps them one). Any text has a key, a forbidden character or not.
   */
  public static String key(String name) {
    String compatible = collapseSpaces(NFKC.normalize(name));
    return SKELETONS.getSkeleton(NFKC_CASEFOLD.normalize(SKELETONS.getSkeleton(compatible)));
  }

  /** The key as the store keeps it: its SHA-256 in hex, a fixed 64 characters however long the key grows. */
  public static String storedKey(String name) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key(name).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The text with each unpaired surrogate replaced by U+FFFD, as a UTF-8 encoder would have to: for names stored before the rule. */
  public static String withoutLoneSurrogates(String text) {
    StringBuilder repaired = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired = Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
          : !Character.isLowSurrogate(c) || i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
      if (!paired && repaired == null) repaired = new StringBuilder(text.substring(0, i));
      if (repaired != null) repaired.append(paired ? c : '\uFFFD');
    }
    return repaired == null ? text : repaired.toString();
  }

  private static String stripSpaces(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && UCharacter.isUWhiteSpace(text.codePointAt(start))) start += Character.charCount(text.codePointAt(start));
    while (end > start && UCharacter.isUWhiteSpace(text.codePointBefore(end))) end -= Character.charCount(text.codePointBefore(end));
    return text.substring(start, end);
  }

  private static String collapseSpaces(String text) {
    StringBuilder collapsed = new StringBuilder(text.length());
    boolean space = false;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      i += Character.charCount(codePoint);
      if (UCharacter.isUWhiteSpace(codePoint)) {
        space = collapsed.length() > 0;
      } else {
        if (space) collapsed.append(' ');
        space = false;
        collapsed.appendCodePoint(codePoint);
      }
    }
    return collapsed.toString();
  }
}

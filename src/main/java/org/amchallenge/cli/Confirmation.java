package org.amchallenge.cli;

/** A question answered on the terminal before a step that cannot be undone (a reveal, accepting terms). */
final class Confirmation {
  private Confirmation() {}

  /**
   * True where the person typed {@code expected} at the prompt; false (and said why) where they typed something else
   * or there is no terminal, since a script's standard input cannot be taken for a person's consent.
   */
  static boolean typed(String prompt, String expected, String withoutTerminal) {
    java.io.Console console = System.console();
    if (console == null) {
      System.err.println("no terminal to ask on: " + withoutTerminal);
      return false;
    }
    String answer = console.readLine("%s", prompt);
    if (answer == null || !answer.strip().equals(expected)) {
      System.err.println("not confirmed: nothing was done");
      return false;
    }
    return true;
  }
}

package org.amchallenge.cli;

/** The exit codes of every command, as `amchallenge --help` lists them. */
public final class ExitCodes {
  public static final int OK = 0;
  /** The input is invalid (every problem is printed), or a rescored bundle differs from its stored scores. */
  public static final int INVALID = 1;
  /** Wrong usage: an unknown option, a missing argument, no token where one is needed. */
  public static final int USAGE = 2;
  /** The server could not be reached, or failed (5xx). */
  public static final int UNREACHABLE = 3;
  /** The server refused: no or a wrong token (401, 403), no such challenge or submission (404), a limit or a closed challenge (409, 413, 429). */
  public static final int REFUSED = 4;

  public static final String[] LIST = {
      "0:success",
      "1:invalid input, every problem printed (or a rescored bundle differs)",
      "2:wrong usage (an unknown option, a missing argument or token)",
      "3:the server could not be reached, or failed",
      "4:the server refused (token, permission, not found, a limit, a closed challenge)"};

  private ExitCodes() {}

  /** The exit code for an HTTP answer that is not a success. */
  static int ofStatus(int status) {
    if (status == 400 || status == 422) return INVALID;
    if (status >= 500) return UNREACHABLE;
    return REFUSED;
  }
}

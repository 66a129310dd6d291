package org.amchallenge.people;

/** The SMTP server the operator configures (serve --smtp-*): links for email verification and password reset go through it. */
public record MailConfig(String host, int port, String username, String password, String from, boolean startTls) {}

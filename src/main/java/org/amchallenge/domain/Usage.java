package org.amchallenge.domain;

/** How many submissions a team has made to a challenge: today (UTC) and in all. */
public record Usage(int today, int total) {}

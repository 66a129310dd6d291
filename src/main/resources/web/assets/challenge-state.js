'use strict';
// What the home page and a challenge page both say of a challenge: its state with the time left (on this browser's clock),
// dates with their zone, and units as a scientist writes them.

/** Units as typed in a challenge file (ASCII) and as shown: the one place where they are mapped. */
const UNITS_SHOWN = { um: 'µm', micron: 'µm', microns: 'µm', '1e-6': 'µε', microstrain: 'µε', degC: '°C', deg: '°', ohm: 'Ω', 'um/s': 'µm/s' };

function unitShown(unit) {
  return unit ? UNITS_SHOWN[unit] || unit : '';
}

/** An instant to the minute, with its zone: "2027-01-01 00:00 UTC". */
function utc(iso) {
  if (!iso) return '–';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** A duration in the largest unit that still counts at least two of it: "29 days", "30 hours", "5 minutes". */
function span(ms) {
  const minutes = ms / 60000, hours = minutes / 60, days = hours / 24;
  if (days >= 730) return Math.floor(days / 365.25) + ' years';
  if (days >= 2) return Math.floor(days) + ' days';
  if (hours >= 2) return Math.floor(hours) + ' hours';
  if (minutes >= 2) return Math.floor(minutes) + ' minutes';
  return 'a minute or two';
}

/**
 * The state as the server gives it (its clock decides), with the time left counted on this browser's clock:
 * { status, text } e.g. "closes in 29 days, on 2027-01-01 00:00 UTC".
 */
function challengeState(c, now) {
  const at = iso => Date.parse(iso) - now;
  switch (c.status) {
    case 'upcoming':
      return { status: c.status, text: (at(c.opens) > 0 ? 'opens in ' + span(at(c.opens)) + ', on ' : 'opens ') + utc(c.opens) };
    case 'open':
      return { status: c.status, text: (at(c.closes) > 0 ? 'closes in ' + span(at(c.closes)) + ', on ' : 'closes at ') + utc(c.closes) };
    case 'closed':
      return { status: c.status, text: 'closed ' + utc(c.closes) + ', awaiting the reveal' };
    case 'revealed': {
      // an organizer may close a challenge early to reveal it: then its closing date never came
      const early = Date.parse(c.closes) > (c.revealed_at ? Date.parse(c.revealed_at) : now);
      return { status: c.status, text: (early ? 'closed early' : 'closed ' + utc(c.closes)) + '; results revealed'
        + (c.revealed_at ? ' ' + utc(c.revealed_at) : '') };
    }
    default:
      return { status: c.status, text: '' };
  }
}

/** The state's words, each date in it kept on one line. */
function stateNode(state) {
  const node = document.createDocumentFragment();
  const parts = state.text.split(/(\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC)/);
  parts.forEach((part, i) => node.append(i % 2 ? el('span', { class: 'date', text: part }) : document.createTextNode(part)));
  return node;
}

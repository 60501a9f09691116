import { TELEMETRY_NAMES, Telemetry } from '../../detections/telemetry';
import { Detection, SEVERITIES, Severity, severityRank } from '../../detections/model';

/** The Detections page's filter, kept in the URL so that a filtered list can be shared. */
export interface DetectionFilter {
  /** Case-insensitive text matched against title, id, description and ATT&CK names. */
  search: string;
  telemetry: Telemetry | 'all';
  /** Lowest severity shown. */
  minSeverity: Severity | 'all';
}

export const EMPTY_FILTER: DetectionFilter = { search: '', telemetry: 'all', minSeverity: 'all' };

const TELEMETRIES = Object.keys(TELEMETRY_NAMES) as Telemetry[];

/** Reads the filter from the URL parameters q, telemetry and severity. An unknown value filters nothing. */
export function parseFilter(params: URLSearchParams): DetectionFilter {
  const telemetry = params.get('telemetry');
  const severity = params.get('severity');
  return {
    search: params.get('q') ?? '',
    telemetry: TELEMETRIES.find((known) => known === telemetry) ?? 'all',
    minSeverity: SEVERITIES.find((known) => known === severity) ?? 'all',
  };
}

/** Writes the filter as URL parameters, leaving out the parts that filter nothing. */
export function filterToParams(filter: DetectionFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.search !== '') {
    params.set('q', filter.search);
  }
  if (filter.telemetry !== 'all') {
    params.set('telemetry', filter.telemetry);
  }
  if (filter.minSeverity !== 'all') {
    params.set('severity', filter.minSeverity);
  }
  return params;
}

/** Joins the fields a reader names a detection by, because a match there ranks above one in the description alone. */
function nameText(detection: Detection): string {
  const { technique } = detection;
  return [detection.title, detection.id, technique.id, technique.name, technique.tactic.name].join('\n').toLowerCase();
}

function searchText(detection: Detection): string {
  return `${nameText(detection)}\n${detection.description.toLowerCase()}`;
}

/**
 * Keeps the detections that pass every part of the filter. A search lists first the detections
 * whose title, id or ATT&CK names contain every word, then those that also need the description,
 * each group in catalog order.
 */
export function filterDetections(detections: readonly Detection[], filter: DetectionFilter): Detection[] {
  const words = filter.search.toLowerCase().split(/\s+/).filter(Boolean);
  const kept = detections.filter((detection) => {
    if (filter.telemetry !== 'all' && detection.telemetry !== filter.telemetry) {
      return false;
    }
    if (filter.minSeverity !== 'all' && severityRank(detection.severity) < severityRank(filter.minSeverity)) {
      return false;
    }
    const text = searchText(detection);
    return words.every((word) => text.includes(word));
  });

  const named = (detection: Detection) => words.every((word) => nameText(detection).includes(word));
  return [...kept.filter(named), ...kept.filter((detection) => !named(detection))];
}
